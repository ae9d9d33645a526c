package dev.quire.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Strict decoding of a raw request path, for handlers that look names up. Stateless. */
final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * Decodes the raw path of a request URI (query ignored) and accepts it only if it is a plain absolute path:
     * valid percent-escapes, valid shortest-form UTF-8 (so overlong encodings of {@code /} or {@code .} fail),
     * no {@code .} or {@code ..} or empty segment, no backslash, no control character.
     *
     * @return the decoded path, or empty if the path is malformed or unsafe
     */
    static Optional<String> decode(String rawUri) {
        if (rawUri == null || !rawUri.startsWith("/")) {
            return Optional.empty();
        }
        int query = rawUri.indexOf('?');
        String raw = query >= 0 ? rawUri.substring(0, query) : rawUri;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0x7e) {
                return Optional.empty(); // raw non-ASCII is not a valid request-target
            } else {
                bytes.write(c);
            }
        }
        String path;
        try {
            path = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        return isSafe(path) ? Optional.of(path) : Optional.empty();
    }

    private static boolean isSafe(String path) {
        if (path.equals("/")) {
            return true;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return false;
            }
        }
        String body = path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
