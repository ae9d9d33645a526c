package dev.quire.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What is a canonical request path, and what is refused because some layer would read it differently. */
class CanonicalPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api", "/api/documents/notes", "/api/openapi.json", "/ws/documents/A-b_9",
        "/health/ready", "/x/a~b", "/api/documents/a.b", "/api/documents/..a"})
    void parse_plainSegmentsOfUnreservedCharacters_isCanonical(String path) {
        assertEquals(path, CanonicalPath.parse(path).orElseThrow().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "api/documents", "//api/documents", "/api//documents", "/api/documents/",
        "/api/./documents", "/api/x/../documents", "/api/documents/.", "/api/documents/..",
        "/api/documents/notes;x", "/api;x/documents", "/api/documents/notes;", "/api/documents/%6Eotes",
        "/api/documents/notes%2Fshare-links", "/api/documents/notes%2fx", "/api/documents/notes%5Cx",
        "/api/documents\\notes", "/api/documents/notes%00", "/api/documents/notes%20", "/api/documents/no tes",
        "/api/documents/notes?x=1", "/api/documents/notes#x", "/api/documents/%2e%2e", "/api/documents/%C0%AF",
        "/api/documents/n\u00f6tes", "/api/documents/notes\t", "http://host/api/documents", "/api/documents/a:b",
        "/api/documents/a@b", "/api/documents/a+b", "/api/documents/a*", "/api/documents/%"})
    void parse_anythingALayerCouldDecodeStripOrNormalise_isRefused(String path) {
        assertTrue(CanonicalPath.parse(path).isEmpty(), path);
    }

    @Test
    void construct_withANonCanonicalSegment_isImpossible() {
        assertThrows(IllegalArgumentException.class, () -> new CanonicalPath(List.of("api", "documents;x")));
        assertThrows(IllegalArgumentException.class, () -> new CanonicalPath(List.of("api", "")));
        assertThrows(IllegalArgumentException.class, () -> new CanonicalPath(List.of("..")));
    }

    @Test
    void parse_null_isRefused() {
        assertTrue(CanonicalPath.parse(null).isEmpty());
    }

    @Test
    void segments_areTheRawSegments_caseKept() {
        CanonicalPath path = CanonicalPath.parse("/ws/documents/Notes").orElseThrow();
        assertEquals(List.of("ws", "documents", "Notes"), path.segments());
        assertEquals(3, path.size());
        assertEquals("Notes", path.segment(2));
        assertTrue(path.startsWith("ws", "documents"));
        assertTrue(!path.startsWith("ws", "Documents"), "route names compare case-sensitively");
    }
}
