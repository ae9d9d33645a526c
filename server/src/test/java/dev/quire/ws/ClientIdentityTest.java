package dev.quire.ws;

import static dev.quire.testkit.WsTestClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.Jwts;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once is keyed by an identity nobody else can claim: the server issues a secret with the first welcome, the
 * client id is its hash, and resuming under the id takes the secret. Seqs must grow. Real server, real sockets.
 */
class ClientIdentityTest {
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String opFrame(long seq, long baseVersion, String text) {
        return "{\"type\":\"op\",\"seq\":" + seq + ",\"baseVersion\":" + baseVersion
                + ",\"delta\":{\"ops\":[{\"insert\":\"" + text + "\"}]}}";
    }

    private static Predicate<JsonNode> ofType(String type) {
        return m -> type(m).equals(type);
    }

    /** The next ack or error after those already received, in answer to {@code frame}. */
    private static JsonNode answerTo(WsTestClient client, String frame) {
        Predicate<JsonNode> answer = m -> type(m).equals("ack") || type(m).equals("error");
        int before = client.count(answer);
        client.send(frame);
        return client.awaitMessage(answer, before);
    }

    private static JsonNode welcomeOf(WsTestClient client) {
        return client.received().stream().filter(ofType("welcome")).reduce((a, b) -> b).orElseThrow();
    }

    private String contentSeenByANewcomer(String document) {
        try (WsTestClient reader = server.client(document, "reader").connect().join()) {
            return welcomeOf(reader).get("content").toString();
        }
    }

    @Test
    @DisplayName("an editor that joins with a victim's client id (seen in presence) and commits seqs 1-3 first does not"
            + " get the victim's identity, and the victim's seq 1 is applied")
    void claimingAnotherEditorsClientId_doesNotSwallowItsEdits() {
        server = TestServer.start();
        try (WsTestClient victim = server.client("takeover", "victim").connect().join();
             WsTestClient attacker = server.client("takeover", "attacker").connect()) {
            String victimId = victim.clientId();
            JsonNode welcome = attacker.nextOfType("welcome", () -> attacker.send(
                    "{\"type\":\"hello\",\"protocol\":2,\"clientId\":\"" + victimId + "\"}"));
            assertTrue(welcome.get("users").findValuesAsText("clientId").contains(victimId), "the id is public");
            assertNotEquals(victimId, welcome.get("clientId").asText(), "a claimed id is not granted");
            for (int seq = 1; seq <= 3; seq++) {
                JsonNode ack = answerTo(attacker, opFrame(seq, seq - 1, "X"));
                assertEquals("ack", type(ack), ack::toString);
            }
            Await.until(() -> victim.version() == 3, "the victim sees the attacker's ops");

            victim.edit(Delta.ofText("mine "));
            Await.until(() -> !victim.hasPending(), "the victim's edit is acknowledged");
            assertEquals(4, victim.version(), "acknowledged as a new version, not as the attacker's seq 1");
            assertEquals("{\"ops\":[{\"insert\":\"mine XXX\\n\"}]}", contentSeenByANewcomer("takeover"));
        }
    }

    @Test
    @DisplayName("a made-up secret, and a protocol 1 hello that names its own client id, get an identity of their own"
            + " or none")
    void forgedSecretOrProtocol1Hello_neverYieldsAnotherClientsId() {
        server = TestServer.start();
        try (WsTestClient victim = server.client("forged", "victim").connect().join();
             WsTestClient forger = server.client("forged", "forger").connect();
             WsTestClient old = server.client("forged", "old").connect()) {
            String madeUp = "qc_" + "A".repeat(43);
            JsonNode welcome = forger.nextOfType("welcome", () -> forger.send(
                    "{\"type\":\"hello\",\"protocol\":2,\"clientSecret\":\"" + madeUp + "\"}"));
            assertNotEquals(victim.clientId(), welcome.get("clientId").asText());
            assertFalse(welcome.has("clientSecret"), "a presented secret is not sent back");

            JsonNode refused = old.nextOfType("error", () -> old.send(
                    "{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"" + victim.clientId() + "\"}"));
            assertEquals("unsupported_protocol", refused.get("code").asText());
            assertEquals(4400, old.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    @DisplayName("with auth the id also depends on who holds the credential: another user presenting a leaked secret"
            + " gets an id of its own and replaces nobody, while the same user with a renewed token resumes")
    void withAuth_aSecretResumesOnlyForTheSameHolder() {
        server = TestServer.withAuth(AuthSettings.defaults().withJwtHmacSecret(Jwts.HMAC_SECRET));
        Instant expiry = Instant.now().plusSeconds(600);
        String ada = Jwts.hs256(Jwts.claims("ada", expiry, Map.of("*", "edit")).build(), Jwts.HMAC_SECRET);
        String adaRenewed = Jwts.hs256(Jwts.claims("ada", expiry.plusSeconds(60), Map.of("*", "edit")).build(),
                Jwts.HMAC_SECRET);
        String mallory = Jwts.hs256(Jwts.claims("mallory", expiry, Map.of("*", "edit")).build(), Jwts.HMAC_SECRET);
        try (WsTestClient first = server.client("held", "ada", ada).connect().join();
             WsTestClient thief = server.client("held", "mallory", mallory).withSecret(first.secret()).connect()
                     .join()) {
            assertNotEquals(first.clientId(), thief.clientId());
            assertEquals("ack", type(answerTo(first, opFrame(1, 0, "a"))), "ada's session was not replaced");
            assertEquals("ack", type(answerTo(thief, opFrame(1, 1, "m"))), "mallory's seq 1 is mallory's own");
            try (WsTestClient renewed = server.client("held", "ada again", adaRenewed).withSecret(first.secret())
                    .connect().join()) {
                assertEquals(first.clientId(), renewed.clientId());
                assertEquals(4409, first.awaitClose().getCloseCode().getCode());
            }
        }
    }

    @Test
    @DisplayName("a malformed clientSecret is refused with invalid_message; the connection may say hello again")
    void malformedSecret_isRefused_andAnotherHelloMayFollow() {
        server = TestServer.start();
        try (WsTestClient client = server.client("malformed", "client").connect()) {
            JsonNode error = client.nextOfType("error", () -> client.send(
                    "{\"type\":\"hello\",\"protocol\":2,\"clientSecret\":\"c-guessed\"}"));
            assertEquals("invalid_message", error.get("code").asText());
            assertEquals("hello", error.get("re").asText());
            assertTrue(error.get("message").asText().startsWith("\"clientSecret\" must be the secret of an earlier"
                    + " welcome"), error::toString);
            JsonNode welcome = client.nextOfType("welcome", () -> client.send("{\"type\":\"hello\",\"protocol\":2}"));
            assertTrue(welcome.get("clientSecret").asText().startsWith("qc_"));
        }
    }

    @Test
    @DisplayName("an inFlightSeq that is not a seq (0, negative, not an integer, 2^63 - 1) is refused with"
            + " invalid_message; a valid one is welcomed (a node alone writes no fence: a resume stays a resume)")
    void malformedInFlightSeq_isRefused_aValidOneIsWelcomed() {
        server = TestServer.start();
        try (WsTestClient client = server.client("inflight", "client").connect()) {
            for (String bad : new String[] {"0", "-1", "\"7\"", "1.5", "9223372036854775807"}) {
                JsonNode error = client.nextOfType("error", () -> client.send(
                        "{\"type\":\"hello\",\"protocol\":3,\"inFlightSeq\":" + bad + "}"));
                assertEquals("invalid_message", error.get("code").asText(), bad + ": " + error);
                assertEquals("hello", error.get("re").asText());
                assertTrue(error.get("message").asText().contains("\"inFlightSeq\""), error::toString);
            }
            JsonNode welcome = client.nextOfType("welcome", () -> client.send(
                    "{\"type\":\"hello\",\"protocol\":3,\"version\":0,\"inFlightSeq\":9223372036854775806}"));
            assertTrue(welcome.has("ops"), "resumed: on one node nothing is fenced " + welcome);
        }
    }

    @Test
    @DisplayName("op seq 5, then the never-used seq 3 (refused with invalid_seq), then seq 5 again (acknowledged):"
            + " nothing is appended twice and no session of the document is closed")
    void seqGoingBack_isRefused_andNoSessionCloses() {
        server = TestServer.start();
        try (WsTestClient other = server.client("regress", "other").connect().join();
             WsTestClient evil = server.client("regress", "evil").connect().join()) {
            assertEquals("ack", type(answerTo(evil, opFrame(5, 0, "E"))));
            JsonNode refused = answerTo(evil, opFrame(3, 1, "E"));
            assertEquals("invalid_seq", refused.get("code").asText(), refused::toString);
            assertEquals(3, refused.get("seq").asLong());
            assertEquals("op", refused.get("re").asText());
            JsonNode resent = answerTo(evil, opFrame(5, 0, "E"));
            assertEquals("ack", type(resent), resent::toString);
            assertEquals(1, resent.get("version").asLong(), "the ack it missed, not a second append");

            // Typed once the other editor has the "E" (else its insert at 0 ties with it and goes after).
            Await.until(() -> other.version() == 1, "the other editor has the one op committed");
            other.edit(Delta.ofText("still "));
            Await.until(() -> !other.hasPending(), "the other editor's edit is acknowledged");
            assertTrue(other.isOpen() && evil.isOpen(), other.closeState() + " / " + evil.closeState());
            assertEquals(0, other.count(ofType("error")), other.received()::toString);
            assertEquals("{\"ops\":[{\"insert\":\"still E\\n\"}]}", contentSeenByANewcomer("regress"));
        }
    }

    @Test
    @DisplayName("the welcome names the client's highest committed seq (lastSeq), so a client welcomed with the full"
            + " content knows whether the op it had in flight is in it")
    void welcome_namesTheLastCommittedSeq() {
        server = TestServer.start();
        try (WsTestClient first = server.client("lastseq", "first").connect().join()) {
            assertEquals(0, first.awaitMessage(m -> type(m).equals("welcome"), 0).get("lastSeq").asLong());
            for (int seq = 1; seq <= 3; seq++) {
                assertEquals("ack", type(answerTo(first, opFrame(seq, seq - 1, "x"))));
            }
            first.disconnect();
            try (WsTestClient again = server.client("lastseq", "again").withSecret(first.secret()).connect().join();
                 WsTestClient stranger = server.client("lastseq", "stranger").connect().join()) {
                assertEquals(3, again.awaitMessage(m -> type(m).equals("welcome"), 0).get("lastSeq").asLong());
                assertEquals(0, stranger.awaitMessage(m -> type(m).equals("welcome"), 0).get("lastSeq").asLong());
            }
        }
    }

    @Test
    @DisplayName("a client that comes back with its secret but restarts its seqs at 1 has that edit refused with"
            + " invalid_seq, not acknowledged and dropped")
    void restartedSeqCounter_underTheSameIdentity_isRefused() {
        server = TestServer.start();
        try (WsTestClient first = server.client("restart", "first").connect().join()) {
            for (int seq = 1; seq <= 3; seq++) {
                assertEquals("ack", type(answerTo(first, opFrame(seq, seq - 1, "x"))));
            }
            first.disconnect();
            try (WsTestClient again = server.client("restart", "again").withSecret(first.secret()).connect().join()) {
                assertEquals(first.clientId(), again.clientId(), "the secret resumes the identity");
                JsonNode refused = answerTo(again, opFrame(1, 3, "lost?"));
                assertEquals("invalid_seq", refused.get("code").asText(), refused::toString);
                assertEquals("ack", type(answerTo(again, opFrame(4, 3, "kept "))));
            }
            assertEquals("{\"ops\":[{\"insert\":\"kept xxx\\n\"}]}", contentSeenByANewcomer("restart"));
        }
    }

    @Test
    @DisplayName("a second connection with the same secret replaces the first, which is closed with 4409"
            + " session_replaced; the second edits under the same id")
    void secondConnectionWithTheSameSecret_replacesTheFirst() {
        server = TestServer.start();
        try (WsTestClient watcher = server.client("twice", "watcher").connect().join();
             WsTestClient first = server.client("twice", "first").connect().join()) {
            assertEquals("ack", type(answerTo(first, opFrame(1, 0, "a"))));
            try (WsTestClient second = server.client("twice", "second").withSecret(first.secret()).connect().join()) {
                assertEquals(4409, first.awaitClose().getCloseCode().getCode());
                assertTrue(first.closeState().contains("session_replaced"), first.closeState());
                assertEquals(first.clientId(), second.clientId());
                JsonNode resent = answerTo(second, opFrame(1, 0, "a"));
                assertEquals(1, resent.get("version").asLong(), "the first connection's op, acknowledged again");
                assertEquals("ack", type(answerTo(second, opFrame(2, 1, "b"))));
                Await.until(() -> watcher.version() == 2, "the watcher sees both");
                assertEquals(0, watcher.count(ofType("leave")), "the client never left");
            }
        }
    }

    @Test
    @DisplayName("the identity survives a restart: resuming with the secret keeps the client id, and the resend of"
            + " the op in flight is acknowledged, not applied again")
    void resumeAfterARestart_keepsTheIdentity() {
        server = TestServer.start();
        Path data = server.data();
        WsTestClient client = server.client("restarted", "client").connect().join();
        assertEquals("ack", type(answerTo(client, opFrame(1, 0, "once"))));
        server.stop();
        client.awaitClose();
        TestServer restarted = TestServer.startOn(data);
        server = restarted;
        try (WsTestClient back = restarted.client("restarted", "back").withSecret(client.secret()).connect().join()) {
            assertEquals(client.clientId(), back.clientId());
            JsonNode ack = answerTo(back, opFrame(1, 0, "once"));
            assertEquals("ack", type(ack), ack::toString);
            assertEquals(1, ack.get("version").asLong());
        }
        assertEquals("{\"ops\":[{\"insert\":\"once\\n\"}]}", contentSeenByANewcomer("restarted"));
    }

    @Test
    @DisplayName("random seqs (going back, repeated, skipped) from several identities, some shared by two connections:"
            + " no session is ever closed by the server, each ack names an op stored under that (client, seq), and an"
            + " honest editor converges")
    void randomSeqs_neverReachTheStoresUniqueness() throws Exception {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("ClientIdentityTest seed=" + seed);
        Random random = new Random(seed);
        server = TestServer.start();
        String document = "random-seqs";
        Map<String, Map<Long, Long>> acked = new HashMap<>();
        List<WsTestClient> hostile = new ArrayList<>();
        try (WsTestClient honest = server.client(document, "honest").connect().join()) {
            for (int i = 0; i < 3; i++) {
                hostile.add(server.client(document, "hostile-" + i).connect().join());
            }
            for (int step = 0; step < 150; step++) {
                int which = random.nextInt(hostile.size());
                WsTestClient client = hostile.get(which);
                if (random.nextInt(25) == 0) {
                    // Another connection takes the identity over; the old one must be closed with 4409, nothing else.
                    WsTestClient taker = server.client(document, client.label() + "'").withSecret(client.secret())
                            .connect().join();
                    assertEquals(4409, client.awaitClose().getCloseCode().getCode(), "seed=" + seed);
                    hostile.set(which, taker);
                    client = taker;
                }
                long seq = 1 + random.nextInt(12);
                JsonNode answer = answerTo(client, opFrame(seq, 0, "h" + step + "|"));
                if (type(answer).equals("ack")) {
                    Long before = acked.computeIfAbsent(client.clientId(), k -> new HashMap<>())
                            .put(answer.get("seq").asLong(), answer.get("version").asLong());
                    assertTrue(before == null || before == answer.get("version").asLong(),
                            "seed=" + seed + ": one version per (client, seq): " + answer);
                } else {
                    assertEquals("invalid_seq", answer.get("code").asText(), "seed=" + seed + ": " + answer);
                }
                if (random.nextInt(5) == 0) {
                    honest.edit(Delta.ofText("o"));
                }
            }
            Await.until(() -> !honest.hasPending(), "seed=" + seed + ": the honest edits are acknowledged");
            for (WsTestClient client : hostile) {
                assertTrue(client.isOpen(), "seed=" + seed + ": " + client.label() + " " + client.closeState());
            }
            assertTrue(honest.isOpen(), "seed=" + seed + ": " + honest.closeState());
            assertEquals(0, honest.count(ofType("error")), "seed=" + seed + ": " + honest.received());
            try (WsTestClient reader = server.client(document, "reader").connect().join()) {
                Await.until(() -> honest.version() == reader.version(), "seed=" + seed + ": converged");
                assertEquals(reader.content(), honest.content(), "seed=" + seed);
            }
        } finally {
            hostile.forEach(WsTestClient::close);
        }
        Map<String, Long> stored = new HashMap<>();
        Map<String, Long> lastSeq = new HashMap<>();
        for (JsonNode op : history(document)) {
            String clientId = op.get("clientId").asText();
            long seq = op.get("seq").asLong();
            stored.put(clientId + " #" + seq, op.get("version").asLong());
            Long before = lastSeq.put(clientId, seq);
            assertTrue(before == null || before < seq, "seed=" + seed + ": " + clientId + "'s seqs grow: " + op);
        }
        acked.forEach((clientId, bySeq) -> bySeq.forEach((seq, version) -> assertEquals(version,
                stored.get(clientId + " #" + seq), "seed=" + seed + ": acknowledged " + clientId + " #" + seq)));
    }

    /** Every committed op of the document, from the REST history. */
    private List<JsonNode> history(String document) throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.baseUri().resolve("/api/documents/" + document + "/ops?from=0&to=1000")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), reply::body);
        List<JsonNode> ops = new ArrayList<>();
        WsTestClient.JSON.readTree(reply.body()).get("ops").forEach(ops::add);
        return ops;
    }
}
