package dev.quire.http;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestPathsTest {

    @Test
    void decode_plainAndEscaped_decodesUtf8() {
        assertEquals(Optional.of("/"), RequestPaths.decode("/"));
        assertEquals(Optional.of("/d/abc"), RequestPaths.decode("/d/abc?x=1"));
        assertEquals(Optional.of("/d/Grüße"), RequestPaths.decode("/d/Gr%C3%BC%C3%9Fe"));
        assertEquals(Optional.of("/assets/"), RequestPaths.decode("/assets/"));
    }

    @Test
    void decode_unsafeOrMalformed_isEmpty() {
        for (String raw : new String[] {"", "x", "/..", "/a/../b", "/%2e%2e/x", "/a//b", "/a\\b", "/%5c", "/%00",
                "/%c0%ae", "/%c0%af", "/%e0%80%ae", "/%", "/%g0", "/%2", "/ü", "/./a", "/a/."}) {
            assertEquals(Optional.empty(), RequestPaths.decode(raw), raw);
        }
    }
}
