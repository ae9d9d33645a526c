package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.RandomEdits;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Protocol 3 (docs/protocol.md) over real sockets, next to protocol 2 on the same document: committed ops of others
 * may come several in one {@code ops} message to a client that said 3, one {@code op} each to one that said 2, and
 * every client still sees each version once, in order, acks included, and converges.
 */
class ProtocolThreeTest {

    @Test
    void opsCommittedTogether_reachAProtocol3ClientBatched_aProtocol2ClientOneByOne_andBothConverge() {
        try (TestServer server = TestServer.start()) {
            WsTestClient old = server.client("three", "old").connect().join();
            WsTestClient fresh = server.client("three", "fresh").speaking(3).connect().join();
            WsTestClient writer = server.client("three", "writer").connect().join();
            assertEquals(2, welcome(old).get("protocol").asInt());
            assertEquals(3, welcome(fresh).get("protocol").asInt(), "the welcome speaks the hello's version");

            // Twenty ops in one message are committed in one append and told to each recipient in one go.
            long base = writer.version();
            StringBuilder batch = new StringBuilder("{\"type\":\"ops\",\"baseVersion\":" + base + ",\"ops\":[");
            for (int seq = 1; seq <= 20; seq++) {
                batch.append(seq > 1 ? "," : "").append("{\"seq\":").append(seq)
                        .append(",\"delta\":{\"ops\":[{\"insert\":\"").append((char) ('a' + seq)).append("\"}]}}");
            }
            writer.send(batch.append("]}").toString());
            long end = base + 20;
            Await.until(() -> old.isSettled(end) && fresh.isSettled(end), Duration.ofSeconds(10),
                    () -> "not delivered: old at " + old.version() + ", fresh at " + fresh.version());

            assertEquals(old.content(), fresh.content());
            assertEquals(20, old.count(m -> WsTestClient.type(m).equals("op")));
            assertEquals(0, old.count(m -> WsTestClient.type(m).equals("ops")), "protocol 2 never gets an ops message");
            assertTrue(fresh.count(m -> WsTestClient.type(m).equals("ops")) >= 1,
                    "ops told within the hold travel together: " + fresh.received());
            assertVersionsInOrder(old);
            assertVersionsInOrder(fresh);
        }
    }

    @Test
    void protocol2And3WritersEditingAtOnce_eachSeesEveryVersionOnceInOrderAcksIncluded_andAllConverge() {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("ProtocolThreeTest seed=" + seed);
        Random random = new Random(seed);
        try (TestServer server = TestServer.start()) {
            List<WsTestClient> clients = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                clients.add(server.client("mixed", "c" + i).speaking(i % 2 == 0 ? 2 : 3).connect().join());
            }
            for (int step = 0; step < 1_500; step++) {
                clients.get(random.nextInt(clients.size())).edit(content -> RandomEdits.next(random, content.length()));
            }
            Await.until(() -> clients.stream().noneMatch(WsTestClient::hasPending), Duration.ofSeconds(60),
                    () -> "seed=" + seed + ": edits still unacknowledged");
            try (WsTestClient observer = server.client("mixed", "observer").speaking(3).connect().join()) {
                Delta truth = observer.content();
                long version = observer.version();
                Await.until(() -> clients.stream().allMatch(c -> c.isSettled(version)), Duration.ofSeconds(30),
                        () -> "seed=" + seed + ": clients did not reach version " + version);
                for (WsTestClient client : clients) {
                    assertEquals(truth, client.content(), "seed=" + seed + ": " + client.label() + " diverged");
                    assertVersionsInOrder(client);
                }
                assertTrue(clients.stream().anyMatch(c -> c.count(m -> WsTestClient.type(m).equals("ops")) > 0),
                        "seed=" + seed + ": no ops message in " + version + " versions");
            }
            clients.forEach(WsTestClient::close);
        }
    }

    private static JsonNode welcome(WsTestClient client) {
        return client.received().stream().filter(m -> WsTestClient.type(m).equals("welcome")).findFirst()
                .orElseThrow();
    }

    /**
     * From its welcome on, every version reaches the client exactly once and in order, whether as an {@code op}, in
     * an {@code ops} message or as the ack of its own op: an ack never overtakes the ops committed before it.
     */
    private static void assertVersionsInOrder(WsTestClient client) {
        long expected = -1;
        for (JsonNode message : client.received()) {
            List<Long> versions = new ArrayList<>();
            switch (WsTestClient.type(message)) {
                case "welcome" -> expected = message.get("version").asLong() + 1;
                case "op", "ack" -> versions.add(message.get("version").asLong());
                case "ops" -> {
                    assertTrue(message.get("ops").size() >= 2, "a batch of one goes as an op message: " + message);
                    for (JsonNode op : message.get("ops")) {
                        assertTrue(!op.get("clientId").asText().equals(client.clientId()),
                                client.label() + ": its own op inside a batch " + message);
                        versions.add(op.get("version").asLong());
                    }
                }
                default -> {
                }
            }
            for (long version : versions) {
                if (version != expected) {
                    fail(client.label() + ": version " + version + " where " + expected + " was due, in " + message);
                }
                expected++;
            }
        }
    }
}
