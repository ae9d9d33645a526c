package dev.quire.ws;

import static dev.quire.testkit.WsTestClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input gets a precise error, and neither the document nor the other client
 * is touched: after each bad message the bystander's next op is the next valid one and the
 * content is what the valid ops made.
 */
class DocumentSocketBadInputTest {
    private static TestServer server;
    private static int documents;
    private WsTestClient sender;
    private WsTestClient bystander;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void join() {
        String id = "bad" + (++documents);
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

    private void assertNobodyHarmed() {
        long version = bystander.version();
        int opsBefore = bystander.count(m -> type(m).equals("op"));
        sender.edit(Delta.builder().retain(3).insert("!").build());
        JsonNode next = bystander.awaitMessage(m -> type(m).equals("op"), opsBefore);
        assertEquals(version + 1, next.get("version").asLong(), "the bad message produced no version");
        Await.until(() -> bystander.content().equals(Delta.ofText("abc!\n")), "the valid edit still applies");
        assertTrue(sender.isOpen());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON | {nope | invalid_json | the frame is not valid JSON | ",
        "JSON array | [1,2] | invalid_json | a message must be a JSON object | ",
        "no type | {\"seq\":1} | invalid_message | \"type\" must be a string | ",
        "unknown type | {\"type\":\"explode\"} | unknown_type | unknown message type \"explode\" | ",
        "op without seq | {\"type\":\"op\",\"baseVersion\":1,\"delta\":{\"ops\":[]}} | invalid_message | \"seq\" is required | op",
        "seq not integer | {\"type\":\"op\",\"seq\":\"one\",\"baseVersion\":1,\"delta\":{\"ops\":[]}} | invalid_message | \"seq\" must be an integer | op",
        "delta not object | {\"type\":\"op\",\"seq\":5,\"baseVersion\":1,\"delta\":3} | invalid_message | \"delta\" must be an object | op",
        "negative retain | {\"type\":\"op\",\"seq\":5,\"baseVersion\":1,\"delta\":{\"ops\":[{\"retain\":-1}]}} | invalid_message | \"delta\" is not a valid delta | op",
        "ops without baseVersion | {\"type\":\"ops\",\"ops\":[{\"seq\":5,\"delta\":{\"ops\":[{\"insert\":\"x\"}]}}]} | invalid_message | \"baseVersion\" is required | ops",
        "ops empty | {\"type\":\"ops\",\"baseVersion\":1,\"ops\":[]} | invalid_message | \"ops\" must be a non-empty array | ops",
        "ops not an array | {\"type\":\"ops\",\"baseVersion\":1,\"ops\":{\"seq\":5}} | invalid_message | \"ops\" must be a non-empty array | ops",
        "ops item not object | {\"type\":\"ops\",\"baseVersion\":1,\"ops\":[7]} | invalid_message | \"ops[0]\" must be an object | ops",
        "ops seq missing | {\"type\":\"ops\",\"baseVersion\":1,\"ops\":[{\"delta\":{\"ops\":[]}}]} | invalid_message | \"ops[0]\": \"seq\" is required | ops",
        "ops seq not increasing | {\"type\":\"ops\",\"baseVersion\":1,\"ops\":[{\"seq\":5,\"delta\":{\"ops\":[{\"insert\":\"x\"}]}},{\"seq\":5,\"delta\":{\"ops\":[{\"insert\":\"y\"}]}}]} | invalid_message | \"ops[1]\": \"seq\" must be larger than the one before it (5), got 5 | ops",
        "ops bad delta | {\"type\":\"ops\",\"baseVersion\":1,\"ops\":[{\"seq\":5,\"delta\":{\"ops\":[{\"insert\":\"x\"}]}},{\"seq\":6,\"delta\":3}]} | invalid_message | \"ops[1]\": \"delta\" must be an object | ops",
        "presence without selection | {\"type\":\"presence\"} | invalid_message | \"selection\" is required | presence",
        "save label not text | {\"type\":\"save\",\"label\":7} | invalid_message | \"label\" must be a string | save",
        "second hello | {\"type\":\"hello\",\"protocol\":2} | already_joined | this connection has already joined | hello",
    })
    void malformedMessage_getsPreciseError_naming_whatItAnswers_andHarmsNobody(String name, String frame, String code,
                                                                            String messageStart, String re) {
        JsonNode error = errorFor(frame);
        assertEquals(code, error.get("code").asText(), error.toString());
        assertTrue(error.get("message").asText().startsWith(messageStart), error.toString());
        // The request the error answers, when the frame said which (a client with a save in flight must not take
        // an answer to something else for the answer to its save).
        assertEquals(re, error.hasNonNull("re") ? error.get("re").asText() : null, error.toString());
        assertNobodyHarmed();
    }

    @Test
    void deltaPastTheEnd_isInvalidDelta_withItsSeq() {
        JsonNode error = errorFor("{\"type\":\"op\",\"seq\":90,\"baseVersion\":1,\"delta\":{\"ops\":[{\"retain\":10},{\"delete\":5}]}}");
        assertEquals("invalid_delta", error.get("code").asText());
        assertEquals(90, error.get("seq").asLong());
        assertEquals("op", error.get("re").asText());
        assertTrue(error.get("message").asText().contains("document"), error.toString());
        assertNobodyHarmed();
    }

    @Test
    void opsBeyondTheBatchLimit_areRefusedWhole() {
        StringBuilder frame = new StringBuilder("{\"type\":\"ops\",\"baseVersion\":1,\"ops\":[");
        for (int i = 1; i <= 257; i++) {
            frame.append(i > 1 ? "," : "").append("{\"seq\":").append(i).append(",\"delta\":{\"ops\":[{\"insert\":\"x\"}]}}");
        }
        JsonNode error = errorFor(frame.append("]}").toString());
        assertEquals("invalid_message", error.get("code").asText());
        assertEquals("\"ops\" holds 257 ops; at most 256 fit in one message", error.get("message").asText());
        assertNobodyHarmed();
    }

    @Test
    void batchWithAnOpPastTheEnd_keepsTheOpsBeforeIt_andRefusesThatOneWithItsSeq() {
        int opsBefore = bystander.count(m -> type(m).equals("op"));
        JsonNode error = errorFor("{\"type\":\"ops\",\"baseVersion\":1,\"ops\":["
                + "{\"seq\":90,\"delta\":{\"ops\":[{\"retain\":3},{\"insert\":\"d\"}]}},"
                + "{\"seq\":91,\"delta\":{\"ops\":[{\"retain\":10},{\"delete\":5}]}},"
                + "{\"seq\":92,\"delta\":{\"ops\":[{\"insert\":\"never\"}]}}]}");
        assertEquals("invalid_delta", error.get("code").asText());
        assertEquals(91, error.get("seq").asLong());
        JsonNode ack = sender.awaitMessage(m -> type(m).equals("ack") && m.get("seq").asLong() == 90, 0);
        assertEquals(2, ack.get("version").asLong());
        JsonNode kept = bystander.awaitMessage(m -> type(m).equals("op"), opsBefore);
        assertEquals(2, kept.get("version").asLong());
        Await.until(() -> bystander.content().equals(Delta.ofText("abcd\n")), "the op before the bad one applies");
        assertTrue(sender.isOpen() && bystander.isOpen());
    }

    @Test
    void deletingTheFinalNewline_isInvalidDelta() {
        JsonNode error = errorFor("{\"type\":\"op\",\"seq\":90,\"baseVersion\":1,\"delta\":{\"ops\":[{\"retain\":3},{\"delete\":1}]}}");
        assertEquals("invalid_delta", error.get("code").asText());
        assertNobodyHarmed();
    }

    @Test
    void baseVersionInTheFuture_isRefused() {
        JsonNode error = errorFor("{\"type\":\"op\",\"seq\":90,\"baseVersion\":99,\"delta\":{\"ops\":[{\"insert\":\"x\"}]}}");
        assertEquals("version_in_future", error.get("code").asText());
        assertEquals("base version 99 is ahead of the document's version 1", error.get("message").asText());
        assertNobodyHarmed();
    }

    @Test
    void opBeforeHello_isNotJoined() {
        try (WsTestClient stranger = server.client("bad-stranger", "stranger").connect()) {
            JsonNode error = stranger.nextOfType("error",
                    () -> stranger.send("{\"type\":\"op\",\"seq\":1,\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"x\"}]}}"));
            assertEquals("not_joined", error.get("code").asText());
        }
        assertNobodyHarmed();
    }

    @Test
    void unsupportedProtocol_getsErrorNamingSupportedVersions_andClose4400() {
        try (WsTestClient future = server.client("bad-future", "future").connect()) {
            JsonNode error = future.nextOfType("error",
                    () -> future.send("{\"type\":\"hello\",\"protocol\":7}"));
            assertEquals("unsupported_protocol", error.get("code").asText());
            assertEquals("protocol 7 is not supported; this server speaks [2, 3]", error.get("message").asText());
            assertEquals(4400, future.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void oversizedMessage_isClosedWith1009() {
        String huge = "{\"type\":\"op\",\"seq\":9,\"baseVersion\":1,\"delta\":{\"ops\":[{\"insert\":\"" + "x".repeat(3 << 19) + "\"}]}}";
        sender.send(huge);
        CloseReason reason = sender.awaitClose();
        assertEquals(CloseReason.CloseCodes.TOO_BIG.getCode(), reason.getCloseCode().getCode());
        Await.until(() -> bystander.count(m -> type(m).equals("leave")) == 1, "the bystander sees the sender leave");
        assertEquals(Delta.ofText("abc\n"), bystander.content(), "nothing of the oversized op arrived");
    }

    @Test
    void grosslyOversizedFrame_isCutOffWith1011BeforeBeingBuffered() {
        sender.send("x".repeat(5 << 20));
        CloseReason reason = sender.awaitClose();
        assertEquals(CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), reason.getCloseCode().getCode());
        assertEquals(Delta.ofText("abc\n"), bystander.content());
    }

    @Test
    void persistentGarbage_isClosedWith1008() {
        // Exactly the tolerated number: frames sent after the server's close frame can make the server's TCP stack
        // reset the connection, and the client then reports 1006 instead of reading the 1008.
        for (int i = 0; i < WsSettings.defaults().maxErrors(); i++) {
            sender.send("garbage " + i);
        }
        CloseReason reason = sender.awaitClose();
        assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), reason.getCloseCode().getCode());
        assertTrue(reason.getReasonPhrase().startsWith("too_many_errors"), reason.getReasonPhrase());
        assertEquals(Delta.ofText("abc\n"), bystander.content());
    }
}
