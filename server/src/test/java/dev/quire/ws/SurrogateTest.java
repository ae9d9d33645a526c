package dev.quire.ws;

import static dev.quire.testkit.WsTestClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.protocol.ProtocolCodec;
import dev.quire.json.QuireJson;
import dev.quire.protocol.ServerMessage;
import dev.quire.testkit.Await;
import dev.quire.testkit.StoredDocuments;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Text in a document is well-formed UTF-16, so that clients in any language can decode it: an op that inserts an
 * unpaired surrogate, or whose retains and deletes cut a surrogate pair of the document in two, is refused with
 * {@code invalid_delta}. A lone surrogate stored before this rule must still reach every client unchanged (not as '?',
 * not breaking the connection) and survive storage.
 */
class SurrogateTest {

    private static final String LONE = "a\uD83D"; // the high half of an emoji, alone
    private static final String EMOJI = "\uD83D\uDE00";

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
    void loneSurrogateInAName_isDropped_andBreaksNoConnection() {
        try (TestServer server = TestServer.start();
             WsTestClient watcher = server.client("lone-name", "watcher").connect().join();
             WsTestClient odd = server.client("lone-name", "odd").connect()) {
            JsonNode presence = watcher.nextOfType("presence", () -> odd.send(
                    "{\"type\":\"hello\",\"protocol\":2,\"name\":\"Ann\\ud83d\"}"));
            assertEquals("Ann", presence.get("name").asText());
            watcher.edit(Delta.ofText("still here"));
            Await.until(() -> !watcher.hasPending(), "the watcher's connection still works");
            assertTrue(watcher.isOpen());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "lone high surrogate | [{\"insert\":\"a\\ud83d\"}] | insert at 0: the text has an unpaired surrogate U+D83D at offset 1",
        "lone low surrogate | [{\"retain\":2},{\"insert\":\"\\ude00b\"}] | insert at 2: the text has an unpaired surrogate U+DE00 at offset 0",
        "reversed pair | [{\"insert\":\"\\ude00\\ud83d\"}] | insert at 0: the text has an unpaired surrogate U+DE00 at offset 0",
        "in a link | [{\"insert\":\"x\",\"attributes\":{\"link\":\"https://a/\\ud800\"}}] | insert at 0: attribute \"link\" holds an unpaired surrogate U+D800",
        "insert inside the pair | [{\"retain\":4},{\"insert\":\"x\"}] | the change has an op boundary at 4, inside the surrogate pair U+D83D U+DE00 at 3",
        "delete of the high half | [{\"retain\":3},{\"delete\":1}] | the change has an op boundary at 4, inside the surrogate pair U+D83D U+DE00 at 3",
        "delete of the low half | [{\"retain\":4},{\"delete\":1}] | the change has an op boundary at 4, inside the surrogate pair U+D83D U+DE00 at 3",
        "bold on one half | [{\"retain\":3},{\"retain\":1,\"attributes\":{\"bold\":true}}] | the change has an op boundary at 4, inside the surrogate pair U+D83D U+DE00 at 3",
    })
    void illFormedText_isInvalidDelta_andReachesNobody(String name, String ops, String message) {
        try (TestServer server = TestServer.start();
             WsTestClient writer = server.client("surrogates", "writer").connect().join();
             WsTestClient reader = server.client("surrogates", "reader").connect().join()) {
            writer.edit(Delta.ofText("abc" + EMOJI)); // the pair is at 3..4
            Await.until(() -> reader.content().equals(Delta.ofText("abc" + EMOJI + "\n")), "the emoji arrives whole");
            JsonNode error = writer.nextOfType("error", () -> writer.send(
                    "{\"type\":\"op\",\"seq\":90,\"baseVersion\":1,\"delta\":{\"ops\":" + ops + "}}"));
            assertEquals("invalid_delta", error.get("code").asText(), error.toString());
            assertEquals(90, error.get("seq").asLong());
            assertTrue(error.get("message").asText().startsWith(message), error.toString());

            int opsBefore = reader.count(m -> type(m).equals("op"));
            writer.edit(Delta.builder().retain(5).insert("!").build());
            JsonNode next = reader.awaitMessage(m -> type(m).equals("op"), opsBefore);
            assertEquals(2, next.get("version").asLong(), "the refused op made no version");
            Await.until(() -> reader.content().equals(Delta.ofText("abc" + EMOJI + "!\n")), "the next edit applies");
        }
    }

    @Test
    void editsAroundAWholePair_areAccepted() {
        try (TestServer server = TestServer.start();
             WsTestClient writer = server.client("pairs", "writer").connect().join();
             WsTestClient reader = server.client("pairs", "reader").connect().join()) {
            writer.edit(Delta.ofText("a" + EMOJI + "b"));
            writer.edit(Delta.builder().retain(1).retain(2, dev.quire.ot.AttributeMap.of("bold", true)).build());
            writer.edit(Delta.builder().retain(3).insert(EMOJI).build());
            writer.edit(Delta.builder().retain(1).delete(2).build());
            Delta expected = Delta.ofText("a" + EMOJI + "b\n");
            Await.until(() -> reader.content().equals(expected) && !writer.hasPending(), "every edit applies");
            assertEquals(0, writer.count(m -> type(m).equals("error")), writer.received()::toString);
        }
    }

    @Test
    void storedLoneSurrogate_reachesOtherClients_staysEditable_andSurvivesARestart() throws Exception {
        Path data = TestServer.tempDir();
        StoredDocuments.create(data, "lone", Delta.ofText(LONE + "\n"));
        Delta expected = Delta.ofText(LONE + "z\n");
        TestServer server = TestServer.startOn(data);
        try (WsTestClient writer = server.client("lone", "writer").connect().join();
             WsTestClient reader = server.client("lone", "reader").connect().join()) {
            assertEquals(Delta.ofText(LONE + "\n"), reader.content(), "the reader gets the lone surrogate as it was");
            writer.edit(Delta.builder().retain(2).insert("z").build()); // right after the lone half
            Await.until(() -> reader.content().equals(expected), "an edit next to it applies");
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
