package dev.quire.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.ot.Delta;
import dev.quire.ot.Op;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real editing sessions (the repository's {@code traces/}, CC BY 4.0, see their README) replayed keystroke by keystroke
 * through the document model: the tree must end with exactly the text the people ended with, and its Delta form must
 * say the same. Random edits find the model's corner cases; a real trace checks the mix people actually make (bursts at
 * one place, jumps between two writers, pastes).
 */
class TraceReplayTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"friendsforever_flat", "clownschool_flat"})
    void replay_realTrace_endsWithItsEndContent(String name) throws IOException {
        JsonNode trace = read(name);
        RichText document = RichText.empty();
        int patches = 0;
        for (JsonNode txn : trace.path("txns")) {
            for (JsonNode patch : txn.path("patches")) {
                document.apply(Delta.builder()
                        .retain(patch.get(0).intValue())
                        .insert(patch.get(2).asText())
                        .delete(patch.get(1).intValue())
                        .build());
                patches++;
            }
        }
        String expected = trace.path("endContent").asText() + "\n";
        assertEquals(expected, document.plainText(), name + " after " + patches + " patches");
        StringBuilder fromDelta = new StringBuilder();
        for (Op op : document.toDelta().ops()) {
            fromDelta.append(((Op.Insert) op).text());
        }
        assertEquals(expected, fromDelta.toString(), "the Delta form agrees with the plain text");
    }

    private static JsonNode read(String name) throws IOException {
        InputStream resource = TraceReplayTest.class.getResourceAsStream("/traces/" + name + ".json.gz");
        assertNotNull(resource, "trace " + name + " is kept in server/src/test/resources/traces");
        try (InputStream in = new GZIPInputStream(resource, 1 << 16)) {
            return new ObjectMapper().readTree(in);
        }
    }
}
