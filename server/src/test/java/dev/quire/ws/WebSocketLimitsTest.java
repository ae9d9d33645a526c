package dev.quire.ws;

import static dev.quire.testkit.WsTestClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.app.SecurityLimits;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each WebSocket limit of docs/security.md produces its documented error or close code, and the other clients of the
 * same document keep editing while one client is being limited. Every test runs its own server with a small
 * limit (all test clients share the address 127.0.0.1).
 */
class WebSocketLimitsTest {

    /** A bystander's edit still reaches its peer and both converge: the limited client harmed nobody. */
    private static void assertStillEditing(WsTestClient writer, WsTestClient reader, String text) {
        writer.edit(content -> Delta.builder().insert(text).build());
        Await.until(() -> reader.content().equals(writer.content()) && !writer.hasPending()
                && writer.content().toString().contains(text), "the bystanders' edit converges");
    }

    @Test
    void messageFlood_isRefusedWithRateLimited_thenClosedWith1008_whileOthersEdit() {
        SecurityLimits limits = SecurityLimits.defaults().withWebSocket(
                WsLimits.defaults().toBuilder().messagesPerSecond(0.001).messageBurst(5).maxRateLimited(20).build());
        try (TestServer server = TestServer.start(limits);
             WsTestClient flooder = server.client("flooded", "flooder").connect().join();
             WsTestClient alice = server.client("flooded", "alice").connect().join();
             WsTestClient bob = server.client("flooded", "bob").connect().join()) {
            // An op over the limit is answered with rate_limited naming its seq, and is not applied.
            for (int i = 0; i < 5; i++) {
                flooder.send("{\"type\":\"presence\",\"selection\":{\"index\":0,\"length\":0}}");
            }
            JsonNode refused = flooder.nextOfType("error", () -> flooder.send(
                    "{\"type\":\"op\",\"seq\":1,\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"X\"}]}}"));
            assertEquals("rate_limited", refused.get("code").asText());
            assertEquals(1, refused.get("seq").asLong());
            assertStillEditing(alice, bob, "ab");
            assertTrue(!alice.content().toString().contains("X"), "the refused op was not applied");
            // Persistent excess closes the connection with 1008: the op was refusal 1 of 20 (the bucket refills once
            // in 1000 s, so none of these gets through and resets the count). Exactly the 19 that close it are
            // sent: more, after the server's close, could draw a TCP reset that loses the close frame (1006).
            for (int i = 0; i < 19; i++) {
                flooder.send("{\"type\":\"ping\"}");
            }
            CloseReason closed = flooder.awaitClose();
            assertEquals(1008, closed.getCloseCode().getCode());
            assertTrue(closed.getReasonPhrase().startsWith("rate_limited"), closed.getReasonPhrase());
            assertStillEditing(bob, alice, "cd");
        }
    }

    @Test
    void opMakingTheDocumentTooLong_isRefusedWithTooLarge_andTheDocumentIsUntouched() {
        try (TestServer server = TestServer.start(SecurityLimits.defaults().withMaxDocumentLength(50));
             WsTestClient writer = server.client("long", "writer").connect().join();
             WsTestClient other = server.client("long", "other").connect().join()) {
            writer.edit(Delta.ofText("0123456789"));
            Await.until(() -> other.content().equals(Delta.ofText("0123456789\n")), "the first edit arrives");
            JsonNode refused = writer.nextOfType("error", () -> writer.send(
                    "{\"type\":\"op\",\"seq\":99,\"baseVersion\":1,\"delta\":{\"ops\":[{\"insert\":\""
                            + "y".repeat(41) + "\"}]}}"));
            assertEquals("too_large", refused.get("code").asText());
            assertEquals(99, refused.get("seq").asLong());
            assertTrue(refused.get("message").asText().contains("50"), refused.toString());
            assertStillEditing(other, writer, "ok");
            assertEquals(Delta.ofText("ok0123456789\n"), other.content(), "the refused op left no trace");
            assertTrue(writer.isOpen());
        }
    }

    @Test
    void connectionsOverThePerAddressLimit_areClosedWith1013_andTheOthersKeepEditing() {
        SecurityLimits limits = SecurityLimits.defaults().withWebSocket(
                WsLimits.defaults().toBuilder().maxConnectionsPerAddress(3).build());
        try (TestServer server = TestServer.start(limits);
             WsTestClient a = server.client("cap1", "a").connect().join();
             WsTestClient b = server.client("cap1", "b").connect().join();
             WsTestClient c = server.client("cap2", "c").connect().join();
             WsTestClient over = server.client("cap3", "over").connect()) {
            CloseReason closed = over.awaitClose();
            assertEquals(1013, closed.getCloseCode().getCode());
            assertTrue(closed.getReasonPhrase().startsWith("too_many_connections"), closed.getReasonPhrase());
            assertStillEditing(a, b, "still");
            assertTrue(c.isOpen());
            // A closed connection gives its slot back.
            c.disconnect();
            try (WsTestClient again = server.client("cap2", "again")) {
                Await.until(() -> {
                    again.connect();
                    try {
                        again.join();
                        return true;
                    } catch (AssertionError notYet) {
                        return false;
                    }
                }, "a new connection is admitted once one has closed");
            }
        }
    }

    @Test
    void connectionsOverThePerDocumentLimit_areClosedWith1013_otherDocumentsAreOpen() {
        SecurityLimits limits = SecurityLimits.defaults().withWebSocket(
                WsLimits.defaults().toBuilder().maxConnectionsPerDocument(2).build());
        try (TestServer server = TestServer.start(limits);
             WsTestClient a = server.client("full", "a").connect().join();
             WsTestClient b = server.client("full", "b").connect().join();
             WsTestClient third = server.client("full", "third").connect();
             WsTestClient elsewhere = server.client("other", "elsewhere").connect().join()) {
            CloseReason closed = third.awaitClose();
            assertEquals(1013, closed.getCloseCode().getCode());
            assertTrue(closed.getReasonPhrase().contains("this document"), closed.getReasonPhrase());
            assertStillEditing(a, b, "fine");
            assertTrue(elsewhere.isOpen());
        }
    }

    @Test
    void connectionWithoutHello_isClosedWith4408_joinedOnesStay() {
        SecurityLimits limits = SecurityLimits.defaults().withWebSocket(
                // Long enough that the joined clients' own hellos arrive in time on a loaded machine (at 300 ms they
                // were seen not to), short enough to keep the test quick.
                WsLimits.defaults().toBuilder().helloTimeout(Duration.ofSeconds(2)).build());
        try (TestServer server = TestServer.start(limits);
             WsTestClient joined = server.client("deadline", "joined").connect().join();
             WsTestClient peer = server.client("deadline", "peer").connect().join();
             WsTestClient silent = server.client("deadline", "silent").connect()) {
            silent.send("{\"type\":\"ping\"}"); // activity is not a hello
            CloseReason closed = silent.awaitClose();
            assertEquals(4408, closed.getCloseCode().getCode());
            assertTrue(closed.getReasonPhrase().startsWith("hello_timeout"), closed.getReasonPhrase());
            // The joined clients opened before the silent one, so their deadlines passed too: they are still in.
            assertStillEditing(joined, peer, "here");
        }
    }

    @Test
    void moreThanTheByteBudgetBeforeHello_isClosedWith1009() {
        SecurityLimits limits = SecurityLimits.defaults().withWebSocket(
                WsLimits.defaults().toBuilder().maxBytesBeforeHello(1024).build());
        try (TestServer server = TestServer.start(limits);
             WsTestClient a = server.client("budget", "a").connect().join();
             WsTestClient b = server.client("budget", "b").connect().join();
             WsTestClient anonymous = server.client("budget", "anonymous").connect()) {
            List<String> junk = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                junk.add("{\"type\":\"op\",\"pad\":\"" + "x".repeat(200) + "\"}");
            }
            junk.forEach(anonymous::send);
            CloseReason closed = anonymous.awaitClose();
            assertEquals(1009, closed.getCloseCode().getCode());
            assertTrue(closed.getReasonPhrase().contains("before the hello"), closed.getReasonPhrase());
            // 222 bytes each: four fit in 1,024 and get their error; the fifth passes the budget.
            assertEquals(4, anonymous.count(m -> type(m).equals("error")), "the first four were answered");
            assertStillEditing(a, b, "ok");
        }
    }
}
