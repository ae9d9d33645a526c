package dev.quire.ws;

import static dev.quire.testkit.WsTestClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.RawRequests;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import jakarta.websocket.CloseReason;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The real server over real sockets: editing, convergence, resume, presence. */
class DocumentSocketTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String doc(TestInfo info) {
        String name = info.getTestMethod().orElseThrow().getName().replaceAll("[^A-Za-z0-9]", "");
        return name.substring(0, Math.min(20, name.length())) + Long.toHexString(System.nanoTime());
    }

    private static Delta insertAt(int index, String text) {
        return Delta.builder().retain(index).insert(text).build();
    }

    private static void awaitConverged(List<WsTestClient> clients, WsTestClient reference) {
        Await.until(() -> clients.stream().allMatch(c -> !c.hasPending())
                && clients.stream().allMatch(c -> c.version() == reference.version()
                && c.content().equals(reference.content())),
                java.time.Duration.ofSeconds(15), () -> "clients did not converge: "
                        + clients.stream().map(c -> c.clientId() + "@" + c.version() + "=" + c.content()).toList());
    }

    @Test
    void join_newDocument_welcomesWithEmptyContent(TestInfo info) {
        try (WsTestClient ada = server.client(doc(info), "ada").connect().join()) {
            JsonNode welcome = ada.received().get(0);
            assertEquals("welcome", type(welcome));
            assertEquals(2, welcome.get("protocol").asInt());
            assertEquals(0, welcome.get("version").asLong());
            assertTrue(welcome.get("clientId").asText().startsWith("c-"), welcome::toString);
            assertTrue(welcome.get("clientSecret").asText().startsWith("qc_"), welcome::toString);
            assertEquals(Delta.ofText("\n"), ada.content());
        }
    }

    @Test
    void twoClients_typingAtTheSameIndex_converge(TestInfo info) {
        String id = doc(info);
        try (WsTestClient ada = server.client(id, "ada").connect().join();
             WsTestClient bob = server.client(id, "bob").connect().join()) {
            for (int i = 0; i < 50; i++) {
                ada.edit(insertAt(0, "a"));
                bob.edit(insertAt(0, "b"));
            }
            awaitConverged(List.of(ada, bob), ada);
            String text = plain(ada.content());
            assertEquals(101, text.length());
            assertEquals(50, text.chars().filter(c -> c == 'a').count());
        }
    }

    @Test
    void deleteDeleteOverlap_converges(TestInfo info) {
        String id = doc(info);
        try (WsTestClient ada = server.client(id, "ada").connect().join();
             WsTestClient bob = server.client(id, "bob").connect().join()) {
            ada.edit(insertAt(0, "0123456789"));
            awaitConverged(List.of(ada, bob), ada);
            // bob edits offline so that both deletes are made against the same version, whatever the timing
            bob.disconnect();
            bob.edit(Delta.builder().retain(4).delete(5).build());
            ada.edit(Delta.builder().retain(2).delete(5).build());
            Await.until(() -> !ada.hasPending(), "ada's delete is committed first");
            bob.connect().join();
            awaitConverged(List.of(ada, bob), ada);
            assertEquals("019\n", plain(ada.content()), "the union of both deletes is gone");
        }
    }

    @Test
    void formattingVsDeleting_converges(TestInfo info) {
        String id = doc(info);
        try (WsTestClient ada = server.client(id, "ada").connect().join();
             WsTestClient bob = server.client(id, "bob").connect().join()) {
            ada.edit(insertAt(0, "abcdef"));
            awaitConverged(List.of(ada, bob), ada);
            bob.disconnect();
            bob.edit(Delta.builder().retain(2).delete(2).build());
            ada.edit(Delta.builder().retain(1).retain(4, AttributeMap.of("bold", true)).build());
            Await.until(() -> !ada.hasPending(), "ada's format is committed first");
            bob.connect().join();
            awaitConverged(List.of(ada, bob), ada);
            Delta expected = Delta.builder().insert("a").insert("be", AttributeMap.of("bold", true)).insert("f\n").build();
            assertEquals(expected, ada.content());
        }
    }

    @Test
    void opsBatch_isAcknowledgedOnce_andEveryOtherClientAppliesEachOp(TestInfo info) {
        String id = doc(info);
        try (WsTestClient typist = server.client(id, "typist").connect().join();
             WsTestClient reader = server.client(id, "reader").connect().join()) {
            Await.until(() -> typist.count(m -> type(m).equals("presence")) == 1, "the typist sees the reader join");

            typist.send("{\"type\":\"ops\",\"baseVersion\":0,\"ops\":["
                    + "{\"seq\":1,\"delta\":{\"ops\":[{\"insert\":\"h\"}]}},"
                    + "{\"seq\":2,\"delta\":{\"ops\":[{\"retain\":1},{\"insert\":\"i\"}]}},"
                    + "{\"seq\":3,\"delta\":{\"ops\":[{\"retain\":2},{\"insert\":\"!\"}]}}]}");

            JsonNode ack = typist.awaitMessage(m -> type(m).equals("ack"), 0);
            assertEquals(3, ack.get("seq").asLong());
            assertEquals(3, ack.get("version").asLong());
            Await.until(() -> reader.content().equals(Delta.ofText("hi!\n")), "the reader applies the batch");
            List<Long> versions = reader.received().stream().filter(m -> type(m).equals("op"))
                    .map(m -> m.get("version").asLong()).toList();
            assertEquals(List.of(1L, 2L, 3L), versions, "one op message per op, in order");
            assertEquals(1, typist.count(m -> type(m).equals("ack")), "one ack for the batch");
        }
    }

    @Test
    void lateJoiner_getsTheCurrentSnapshot(TestInfo info) {
        String id = doc(info);
        try (WsTestClient ada = server.client(id, "ada").connect().join()) {
            ada.edit(insertAt(0, "Hello"));
            ada.edit(insertAt(5, " world"));
            Await.until(() -> !ada.hasPending(), "ada's edits are acknowledged");
            try (WsTestClient bob = server.client(id, "bob").connect().join()) {
                assertEquals(Delta.ofText("Hello world\n"), bob.content());
                assertEquals(ada.version(), bob.version());
            }
        }
    }

    @Test
    void disconnectMidBurst_thenResume_losesAndDoublesNothing(TestInfo info) {
        String id = doc(info);
        try (WsTestClient ada = server.client(id, "ada").connect().join();
             WsTestClient bob = server.client(id, "bob").connect().join()) {
            for (int i = 0; i < 30; i++) {
                ada.edit(insertAt(0, "x"));
                bob.edit(insertAt(0, "y"));
                if (i == 10) {
                    ada.disconnect();
                }
            }
            assertTrue(ada.hasPending(), "ada has edits the server has not acknowledged");
            ada.connect().join();
            awaitConverged(List.of(ada, bob), bob);
            String text = plain(bob.content());
            assertEquals(30, text.chars().filter(c -> c == 'x').count(), "every x exactly once: " + text);
            assertEquals(30, text.chars().filter(c -> c == 'y').count());
        }
    }

    @Test
    void resentOp_afterReconnect_isAcknowledgedNotApplied(TestInfo info) {
        String id = doc(info);
        try (WsTestClient ada = server.client(id, "ada").connect().join()) {
            String op = "{\"type\":\"op\",\"seq\":1,\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"once\"}]}}";
            JsonNode first = ada.nextOfType("ack", () -> ada.send(op));
            JsonNode again = ada.nextOfType("ack", () -> ada.send(op));
            assertEquals(first, again);
            try (WsTestClient bob = server.client(id, "bob").connect().join()) {
                assertEquals(Delta.ofText("once\n"), bob.content());
            }
        }
    }

    @Test
    void cursors_followEdits(TestInfo info) {
        String id = doc(info);
        try (WsTestClient ada = server.client(id, "ada").connect().join();
             WsTestClient bob = server.client(id, "bob").connect().join()) {
            ada.edit(insertAt(0, "hello world"));
            awaitConverged(List.of(ada, bob), ada);
            JsonNode seen = ada.nextOfType("presence",
                    () -> bob.send("{\"type\":\"presence\",\"selection\":{\"index\":6,\"length\":5}}"));
            assertEquals(bob.clientId(), seen.get("clientId").asText());
            assertEquals(6, seen.get("selection").get("index").asInt());
            ada.edit(insertAt(0, ">> "));
            Await.until(() -> !ada.hasPending(), "ada's edit is acknowledged");
            try (WsTestClient carol = server.client(id, "carol").connect().join()) {
                JsonNode bobs = carol.received().get(0).get("users").findParents("clientId").stream()
                        .filter(u -> u.get("clientId").asText().equals(bob.clientId())).findFirst().orElseThrow();
                assertEquals(9, bobs.get("selection").get("index").asInt(), "bob's selection moved with the text");
                assertEquals(5, bobs.get("selection").get("length").asInt());
            }
        }
    }

    @Test
    void leave_isAnnounced(TestInfo info) {
        String id = doc(info);
        try (WsTestClient ada = server.client(id, "ada").connect().join()) {
            WsTestClient bob = server.client(id, "bob").connect().join();
            JsonNode leave = ada.nextOfType("leave", bob::close);
            assertEquals(bob.clientId(), leave.get("clientId").asText());
        }
    }

    @Test
    void ping_isAnsweredWithPong(TestInfo info) {
        try (WsTestClient ada = server.client(doc(info), "ada").connect()) {
            JsonNode pong = ada.nextOfType("pong", () -> ada.send("{\"type\":\"ping\"}"));
            assertEquals("pong", type(pong));
        }
    }

    @Test
    void invalidDocumentId_isRefusedAtTheHandshakeWith404_withoutUpgrade() {
        for (String id : List.of("x".repeat(65), "a.b", "~x")) {
            RawRequests.Reply refused = RawRequests.upgrade(server.baseUri(), "/ws/documents/" + id, null,
                    "{\"type\":\"hello\",\"protocol\":2}");
            assertEquals(404, refused.status(), id + ": " + refused);
            assertFalse(refused.contains("Upgrade"), "no upgrade: " + refused.head());
        }
    }

    static String plain(Delta content) {
        StringBuilder text = new StringBuilder();
        content.ops().forEach(op -> {
            if (op instanceof dev.quire.ot.Op.Insert insert) {
                text.append(insert.text());
            } else {
                text.append('\uFFFC');
            }
        });
        return text.toString();
    }

    @Test
    void closedConnection_isNoLongerOpen(TestInfo info) {
        WsTestClient ada = server.client(doc(info), "ada").connect().join();
        ada.disconnect();
        assertFalse(ada.isOpen());
    }
}
