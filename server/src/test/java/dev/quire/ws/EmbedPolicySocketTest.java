package dev.quire.ws;

import static dev.quire.testkit.WsTestClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import dev.quire.testkit.Await;
import dev.quire.testkit.StoredDocuments;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Only embeds the editor can show get into a document: anything else is refused with {@code invalid_delta} before it
 * is stored or broadcast, and the other editors never see it. Documents that already hold such an embed (stored by
 * an older server) still load and stay editable.
 */
class EmbedPolicySocketTest {
    private static final Delta LEGACY = Delta.builder().insert("a").insert(Embed.of("bogus", "x"), AttributeMap.EMPTY)
            .insert("b\n").build();
    private static TestServer server;
    private static int documents;
    private WsTestClient sender;
    private WsTestClient bystander;

    @BeforeAll
    static void start() {
        Path data = TestServer.tempDir();
        StoredDocuments.create(data, "legacy", LEGACY);
        server = TestServer.startOn(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void join() {
        String id = "embeds" + (++documents);
        sender = server.client(id, "sender").connect().join();
        bystander = server.client(id, "bystander").connect().join();
        sender.edit(Delta.ofText("abc"));
        Await.until(() -> bystander.content().equals(Delta.ofText("abc\n")), "the first edit reaches the bystander");
    }

    @AfterEach
    void leave() {
        sender.close();
        bystander.close();
    }

    private JsonNode errorFor(String frame) {
        return sender.nextOfType("error", () -> sender.send(frame));
    }

    /** The bad op made no version and reached nobody: the next valid op is the next version, and applies. */
    private void assertNobodyHarmed() {
        long version = bystander.version();
        int opsBefore = bystander.count(m -> type(m).equals("op"));
        sender.edit(Delta.builder().retain(3).insert("!").build());
        JsonNode next = bystander.awaitMessage(m -> type(m).equals("op"), opsBefore);
        assertEquals(version + 1, next.get("version").asLong(), "the bad op produced no version");
        Await.until(() -> bystander.content().equals(Delta.ofText("abc!\n")), "the valid edit still applies");
        assertTrue(sender.isOpen() && bystander.isOpen());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown type | {\"bogus\":\"x\"} | insert at 1: embeds of type \"bogus\" are not supported",
        "constructor | {\"constructor\":\"x\"} | insert at 1: embeds of type \"constructor\" are not supported",
        "__proto__ | {\"__proto__\":{\"x\":1}} | insert at 1: embeds of type \"__proto__\" are not supported",
        "video | {\"video\":\"https://example.com/v\"} | insert at 1: embeds of type \"video\" are not supported",
        "formula | {\"formula\":\"e=mc^2\"} | insert at 1: embeds of type \"formula\" are not supported",
        "two keys | {\"image\":\"https://example.com/a.png\",\"x\":1} | insert at 1: an embed has exactly one key",
        "image object | {\"image\":{\"src\":\"https://example.com/a.png\"}} | insert at 1: an image's value must be a URL string",
        "javascript image | {\"image\":\"javascript:alert(1)\"} | insert at 1: image URL \"javascript:alert(1)\" is not allowed",
        "html data image | {\"image\":\"data:text/html,<script>alert(1)</script>\"} | insert at 1: image URL \"data:text/html,",
    })
    void unsupportedEmbed_isInvalidDelta_withItsSeq_andHarmsNobody(String name, String embed, String messageStart) {
        JsonNode error = errorFor("{\"type\":\"op\",\"seq\":90,\"baseVersion\":1,\"delta\":{\"ops\":[{\"retain\":1},"
                + "{\"insert\":" + embed + "}]}}");
        assertEquals("invalid_delta", error.get("code").asText(), error.toString());
        assertEquals(90, error.get("seq").asLong());
        assertEquals("op", error.get("re").asText());
        assertTrue(error.get("message").asText().startsWith(messageStart), error.toString());
        assertNobodyHarmed();
        assertEquals(Delta.ofText("abc!\n"), sender.content());
    }

    @Test
    void image_isAccepted_andReachesTheOthers() {
        Delta image = Delta.builder().retain(3).insert(Embed.of("image", "https://example.com/a.png"),
                AttributeMap.of("alt", "a")).build();
        sender.edit(image);
        Delta expected = Delta.ofText("abc\n").compose(image);
        Await.until(() -> bystander.content().equals(expected), "the image reaches the bystander");
    }

    @Test
    void batchWithAnUnsupportedEmbed_keepsTheOpsBeforeIt_andRefusesThatOneWithItsSeq() {
        int opsBefore = bystander.count(m -> type(m).equals("op"));
        JsonNode error = errorFor("{\"type\":\"ops\",\"baseVersion\":1,\"ops\":["
                + "{\"seq\":90,\"delta\":{\"ops\":[{\"retain\":3},{\"insert\":\"d\"}]}},"
                + "{\"seq\":91,\"delta\":{\"ops\":[{\"insert\":{\"bogus\":\"x\"}}]}},"
                + "{\"seq\":92,\"delta\":{\"ops\":[{\"insert\":\"never\"}]}}]}");
        assertEquals("invalid_delta", error.get("code").asText());
        assertEquals(91, error.get("seq").asLong());
        assertTrue(error.get("message").asText().startsWith("insert at 0: embeds of type \"bogus\""), error::toString);
        JsonNode kept = bystander.awaitMessage(m -> type(m).equals("op"), opsBefore);
        assertEquals(2, kept.get("version").asLong());
        Await.until(() -> bystander.content().equals(Delta.ofText("abcd\n")), "only the op before the bad one applies");
        assertEquals(1, bystander.count(m -> type(m).equals("op")) - opsBefore, "nothing else was broadcast");
    }

    @Test
    void documentStoredWithAnUnknownEmbed_loads_andTwoEditorsKeepTypingAfterIt() {
        try (WsTestClient ada = server.client("legacy", "ada").connect().join();
             WsTestClient bob = server.client("legacy", "bob").connect().join()) {
            assertEquals(LEGACY, ada.content(), "the stored embed is served as it is");
            ada.edit(Delta.builder().retain(2).insert("X").build()); // right after the embed
            bob.edit(Delta.builder().retain(3).insert("Y").build()); // after the b
            Delta expected = Delta.builder().insert("a").insert(Embed.of("bogus", "x"), AttributeMap.EMPTY)
                    .insert("XbY\n").build();
            Await.until(() -> ada.content().equals(expected) && bob.content().equals(expected)
                    && !ada.hasPending() && !bob.hasPending(), "both editors converge on the text after the embed");
            // Deleting the old embed is allowed, too.
            ada.edit(Delta.builder().retain(1).delete(1).build());
            Await.until(() -> bob.content().equals(Delta.ofText("aXbY\n")), "the delete reaches bob");
        }
    }
}
