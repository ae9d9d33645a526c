package dev.quire.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The non-canonical spellings of a canonical request path: every way one layer of an HTTP stack reads a path
 * differently from another (path parameters, encoded slashes and backslashes, percent-escapes, dot segments, double
 * and trailing slashes, trailing characters, case). Used to check that none of them is served as the resource the
 * canonical path names - or as any other.
 */
public final class PathVariants {
    private PathVariants() {
    }

    /**
     * Named variants of {@code canonical} (e.g. {@code /api/documents/notes/share-links}), none equal to it; the
     * name says what was changed, for failure messages.
     */
    public static Map<String, String> of(String canonical) {
        List<String> segments = List.of(canonical.substring(1).split("/"));
        int last = segments.size() - 1;
        String lastSegment = segments.get(last);
        Map<String, String> variants = new LinkedHashMap<>();
        // What routers strip, decode or fold per segment: at every position, since each segment is matched alone.
        for (int i = 0; i <= last; i++) {
            String s = segments.get(i);
            variants.put("matrix parameter on segment " + i, join(segments, i, s + ";x"));
            variants.put("encoded ';' on segment " + i, join(segments, i, s + "%3Bx"));
            variants.put("percent-encoded first character of segment " + i, join(segments, i, escape(s, false)));
            variants.put("upper case of segment " + i, join(segments, i, s.toUpperCase(Locale.ROOT)));
            if (i > 0) {
                variants.put("encoded slash before segment " + i, slashBefore(segments, i, "%2F"));
            }
        }
        // What path normalisation removes or resolves: the position does not change how a layer reads it.
        variants.put("empty matrix parameter", join(segments, last, lastSegment + ";"));
        variants.put("lower-case percent-encoding", join(segments, last, escape(lastSegment, true)));
        variants.put("double percent-encoding", join(segments, last, "%25" + hex(lastSegment.charAt(0), false)
                + lastSegment.substring(1)));
        variants.put("capitalised", join(segments, last, Character.toUpperCase(lastSegment.charAt(0))
                + lastSegment.substring(1)));
        variants.put("double slash", insertBefore(segments, last, ""));
        variants.put("dot segment", insertBefore(segments, last, "."));
        variants.put("dot-dot segment", insertBefore(segments, last, "x/.."));
        variants.put("encoded dot segment", insertBefore(segments, last, "%2e"));
        variants.put("encoded dot-dot segment", insertBefore(segments, last, "x/%2E%2E"));
        if (last > 0) {
            variants.put("lower-case encoded slash", slashBefore(segments, last, "%2f"));
            variants.put("encoded backslash", slashBefore(segments, last, "%5C"));
            variants.put("backslash", slashBefore(segments, last, "\\"));
            variants.put("overlong UTF-8 slash", slashBefore(segments, last, "%C0%AF"));
        }
        for (String trailing : List.of("/", "//", "/.", "/..", "%2F", ";", ";x", "%20", "%00", "%0A", ".", "~",
                "#x")) {
            variants.put("trailing " + trailing, canonical + trailing);
        }
        variants.put("leading double slash", "/" + canonical);
        variants.put("absolute form with a path parameter", "http://localhost" + canonical + ";x");
        variants.values().removeIf(canonical::equals);
        return variants;
    }

    private static String slashBefore(List<String> segments, int index, String slash) {
        return "/" + String.join("/", segments.subList(0, index)) + slash
                + String.join("/", segments.subList(index, segments.size()));
    }

    private static String join(List<String> segments, int index, String replacement) {
        List<String> changed = new ArrayList<>(segments);
        changed.set(index, replacement);
        return "/" + String.join("/", changed);
    }

    private static String insertBefore(List<String> segments, int index, String inserted) {
        List<String> changed = new ArrayList<>(segments);
        changed.add(index, inserted);
        return "/" + String.join("/", changed);
    }

    private static String escape(String segment, boolean lowerCase) {
        return "%" + hex(segment.charAt(0), lowerCase) + segment.substring(1);
    }

    private static String hex(char c, boolean lowerCase) {
        String hex = String.format("%02X", (int) c);
        return lowerCase ? hex.toLowerCase(Locale.ROOT) : hex;
    }
}
