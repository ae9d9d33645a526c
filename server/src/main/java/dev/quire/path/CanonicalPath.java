package dev.quire.path;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request path in canonical form: {@code /} followed by non-empty segments separated by single slashes, each made
 * only of RFC 3986 unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) and none of them {@code .} or {@code ..}.
 *
 * <p>Why so strict: an authorisation check is only as good as its agreement with the router about which resource a
 * path names, and the layers of this server read the same raw path differently - Tyrus and Jersey drop {@code ;}
 * path parameters and decode percent-escapes before matching, Jersey tolerates a trailing slash, URI parsers turn
 * {@code //x} into a host name and resolve dot segments. A canonical path has none of these: no layer decodes,
 * strips or normalises anything in it, so every layer sees exactly these segments, byte for byte. Anything else is
 * refused whole rather than repaired, because a repair is one more reading that could disagree. Route names and ids
 * compare case-sensitively everywhere, so a case variant names another resource (or none), never the same one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param segments the path's segments, in order; empty for {@code /}
 */
public record CanonicalPath(List<String> segments) {

    /** @throws IllegalArgumentException if a segment is not canonical: such a path cannot be made, only refused */
    public CanonicalPath {
        segments = List.copyOf(segments);
        for (String segment : segments) {
            if (!isCanonicalSegment(segment)) {
                throw new IllegalArgumentException("not a canonical path segment");
            }
        }
    }

    /**
     * Parses the path of a request exactly as it came on the request line: no query, not decoded.
     *
     * @return the path, or empty if {@code rawPath} is not canonical (or is null)
     */
    public static Optional<CanonicalPath> parse(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.empty();
        }
        if (rawPath.length() == 1) {
            return Optional.of(new CanonicalPath(List.of()));
        }
        List<String> segments = new ArrayList<>();
        int start = 1;
        while (start <= rawPath.length()) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = rawPath.length();
            }
            String segment = rawPath.substring(start, end);
            if (!isCanonicalSegment(segment)) {
                return Optional.empty();
            }
            segments.add(segment);
            start = end + 1;
        }
        return Optional.of(new CanonicalPath(segments));
    }

    private static boolean isCanonicalSegment(String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (!isUnreserved(segment.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** The number of segments. */
    public int size() {
        return segments.size();
    }

    /** Segment {@code index} (from 0). */
    public String segment(int index) {
        return segments.get(index);
    }

    /** Whether the path begins with these segments (or is exactly them). */
    public boolean startsWith(String... prefix) {
        return segments.size() >= prefix.length && segments.subList(0, prefix.length).equals(List.of(prefix));
    }

    /** The path as it is written on a request line ({@code /api/documents/notes}). */
    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }
}
