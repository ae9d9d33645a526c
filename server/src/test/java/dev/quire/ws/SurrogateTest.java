package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.protocol.ProtocolCodec;
import dev.quire.protocol.QuireJson;
import dev.quire.protocol.ServerMessage;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A document may hold a lone surrogate (quill-delta lets an edit split a pair, as JavaScript strings allow): it
 * must reach every client and survive storage unchanged, not turn into '?' or break the connection.
 */
class SurrogateTest {

    private static final String LONE = "a\uD83D"; // the high half of an emoji, alone

    @Test
    void encoding_escapesSurrogates_andReadsThemBackUnchanged() throws Exception {
        ProtocolCodec codec = new ProtocolCodec(QuireJson.newMapper());
        String text = "é " + LONE + " \uD83D\uDE00";
        String json = codec.encode(new ServerMessage.Error("x", text, null));
        assertTrue(json.contains("\\ud83d") && json.contains("\\ude00"), json);
        assertTrue(json.contains("é"), "other text is written as it is: " + json);
        assertTrue(json.chars().noneMatch(c -> Character.isSurrogate((char) c)), "no raw surrogate is left: " + json);
        assertEquals(text, QuireJson.newMapper().readTree(json).get("message").asText());
    }

    @Test
    void loneSurrogateInAName_reachesTheOthers_andBreaksNoConnection() {
        try (TestServer server = TestServer.start();
             WsTestClient watcher = server.client("lone-name", "watcher").connect().join();
             WsTestClient odd = server.client("lone-name", "odd").connect()) {
            JsonNode presence = watcher.nextOfType("presence", () -> odd.send(
                    "{\"type\":\"hello\",\"protocol\":2,\"name\":\"Ann\\ud83d\"}"));
            assertEquals("Ann\uD83D", presence.get("name").asText());
            watcher.edit(Delta.ofText("still here"));
            Await.until(() -> !watcher.hasPending(), "the watcher's connection still works");
            assertTrue(watcher.isOpen());
        }
    }

    @Test
    void loneSurrogate_reachesOtherClients_andSurvivesARestart() throws Exception {
        Path data = TestServer.tempDir();
        Delta expected = Delta.builder().insert(LONE + "\n").build();
        TestServer server = TestServer.startOn(data);
        try (WsTestClient writer = server.client("lone", "writer").connect().join();
             WsTestClient reader = server.client("lone", "reader").connect().join()) {
            // Sent as escaped JSON: a raw lone surrogate cannot be put into a UTF-8 frame by any client.
            writer.send("{\"type\":\"op\",\"seq\":1,\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"a\\ud83d\"}]}}");
            Await.until(() -> reader.content().equals(expected), "the reader gets the lone surrogate as it was");
            assertTrue(reader.isOpen() && writer.isOpen());
        } finally {
            server.stop(); // keeps the data directory, unlike close()
        }
        try (TestServer restarted = TestServer.startOn(data);
             WsTestClient late = restarted.client("lone", "late").connect().join()) {
            assertEquals(expected, late.content(), "the stored document kept the lone surrogate");
        }
    }
}
