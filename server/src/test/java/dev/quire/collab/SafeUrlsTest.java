package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://a.b/c", "http://a", "mailto:x@y.z", "/relative", "page#x", "?q=1",
        "//host/path", "HTTPS://A.B"})
    void allowedLinks(String url) {
        assertTrue(SafeUrls.isSafeLink(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "java\tscript:x",
        "java\nscript:x", "\u0001javascript:x", "vbscript:x", "data:text/html,<script>", "file:///etc/passwd", ":x"})
    void refusedLinks(String url) {
        assertFalse(SafeUrls.isSafeLink(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://a.b/i.png", "data:image/png;base64,iVBORw0KGgo=", "/img.gif"})
    void allowedImages(String url) {
        assertTrue(SafeUrls.isSafeImage(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:x", "data:image/svg+xml;base64,PHN2Zz4=", "data:text/html,x", "mailto:a@b"})
    void refusedImages(String url) {
        assertFalse(SafeUrls.isSafeImage(url), url);
    }
}
