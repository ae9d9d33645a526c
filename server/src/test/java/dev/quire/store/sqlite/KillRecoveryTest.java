package dev.quire.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.ot.Op;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentStore;
import dev.quire.testkit.Await;
import dev.quire.testkit.ServerProcess;
import dev.quire.testkit.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 5, "acknowledged means durable", against the real thing: the server runs as a separate
 * process on a data directory, WebSocket clients edit and collect acks, and the process is killed
 * with SIGKILL mid-stream — at a different number of acks each round — then restarted on the same
 * directory. After each kill every acknowledged op must be in the file with its version; after the
 * last restart the clients, having resent what was not acknowledged, converge on one document in
 * which every edit appears exactly once.
 *
 * <p>Each edit inserts a unique token ("c2.17|") at a token boundary, so a lost edit or one applied
 * twice shows in the text. Replay with {@code -Dquire.seed=N}.
 */
@Tag("heavy")
class KillRecoveryTest {
    private static final String DOCUMENT = "crash";
    private static final int CLIENTS = 4;
    /** Acks to collect before each SIGKILL: the first right after the first commit, the others later. */
    private static final int[] KILL_AFTER_ACKS = {1, 40, 9, 150, 60};

    @TempDir
    Path dir;

    @Test
    void sigkillMidStream_losesNoAcknowledgedOp_andResendingClientsConvergeWithoutDuplicates() throws Exception {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("KillRecoveryTest seed=" + seed);
        Random random = new Random(seed);
        ClientManager manager = ClientManager.createClient();
        ServerProcess server = new ServerProcess(dir, 0);
        int port = server.base.getPort();
        List<WsTestClient> clients = new ArrayList<>();
        int[] tokens = new int[CLIENTS];
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new WsTestClient(manager, server.base, DOCUMENT, "c" + i).connect().join());
            }
            for (int round = 0; round < KILL_AFTER_ACKS.length; round++) {
                int target = totalAcks(clients) + KILL_AFTER_ACKS[round];
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (totalAcks(clients) < target) {
                    assertTrue(System.nanoTime() < deadline, "seed=" + seed + ": acks stopped coming in round " + round);
                    int c = random.nextInt(CLIENTS);
                    clients.get(c).edit(content -> insertToken(random, content, "c" + c + "." + (++tokens[c]) + "|"));
                    // Jitter to vary what is in flight at the kill, not synchronisation: nothing waits on it.
                    LockSupport.parkNanos(200_000 + random.nextInt(1_000_000));
                }
                server.kill();
                Map<String, Map<Long, Long>> acked = acks(clients);
                assertAcknowledgedOpsStored(acked, "seed=" + seed + ", after kill " + (round + 1));
                assertBroadcastOpsStored(seen(clients), "seed=" + seed + ", after kill " + (round + 1));
                // Edits while the server is down go into the clients' buffers, to be sent after the restart.
                for (int i = 0; i < CLIENTS; i++) {
                    int c = i;
                    clients.get(c).edit(content -> insertToken(random, content, "c" + c + "." + (++tokens[c]) + "|"));
                }
                server = new ServerProcess(dir, port);
                for (WsTestClient client : clients) {
                    Await.until(() -> !client.isOpen(), "old connection noticed as closed");
                    client.connect().join();
                }
                System.out.println("KillRecoveryTest round " + (round + 1) + ": killed after "
                        + acked.values().stream().mapToInt(Map::size).sum() + " acks in all; restarted");
            }

            Await.until(() -> clients.stream().noneMatch(WsTestClient::hasPending), Duration.ofSeconds(30),
                    () -> "seed=" + seed + ": edits still unacknowledged after the last restart; " + lastMessages(clients));
            try (WsTestClient observer = new WsTestClient(manager, server.base, DOCUMENT, "observer").connect().join()) {
                Delta content = observer.content();
                long version = observer.version();
                Await.until(() -> clients.stream().allMatch(c -> c.isSettled(version)), Duration.ofSeconds(30),
                        () -> "seed=" + seed + ": clients did not reach version " + version);
                for (WsTestClient client : clients) {
                    assertEquals(content, client.content(), "seed=" + seed + ": " + client.clientId() + " diverged");
                }
                assertEachTokenOnce(content, tokens, "seed=" + seed);
            }
            server.kill();
            assertAcknowledgedOpsStored(acks(clients), "seed=" + seed + ", at the end");
            assertSeqsContiguous("seed=" + seed);
        } finally {
            server.process.destroyForcibly();
            clients.forEach(WsTestClient::close);
            manager.shutdown();
        }
    }

    private static String lastMessages(List<WsTestClient> clients) {
        StringBuilder out = new StringBuilder();
        for (WsTestClient client : clients) {
            List<JsonNode> received = client.received().stream()
                    .filter(m -> !List.of("op", "presence", "ack").contains(WsTestClient.type(m))).toList();
            out.append(client.clientId()).append(client.hasPending() ? " (pending)" : "").append(" last received: ")
                    .append(received.subList(Math.max(0, received.size() - 4), received.size())).append("; ");
        }
        return out.toString();
    }

    /** Inserts {@code token} at the start or right after another token, so tokens never split. */
    private static Delta insertToken(Random random, Delta content, String token) {
        String text = text(content);
        List<Integer> boundaries = new ArrayList<>(List.of(0));
        for (int i = text.indexOf('|'); i >= 0; i = text.indexOf('|', i + 1)) {
            boundaries.add(i + 1);
        }
        int at = boundaries.get(random.nextInt(boundaries.size()));
        return Delta.builder().retain(at).insert(token).build().chop();
    }

    private static String text(Delta content) {
        StringBuilder text = new StringBuilder();
        for (Op op : content.ops()) {
            text.append(((Op.Insert) op).text());
        }
        return text.toString();
    }

    private static int totalAcks(List<WsTestClient> clients) {
        return clients.stream().mapToInt(c -> c.count(m -> WsTestClient.type(m).equals("ack"))).sum();
    }

    /** Every op a client was told was committed (acks and broadcasts): client id + seq → version. */
    private static Map<String, Long> seen(List<WsTestClient> clients) {
        Map<String, Long> seen = new HashMap<>();
        for (WsTestClient client : clients) {
            for (JsonNode m : client.received()) {
                if (WsTestClient.type(m).equals("op")) {
                    seen.put(m.get("clientId").asText() + " #" + m.get("seq").asLong(), m.get("version").asLong());
                }
            }
        }
        return seen;
    }

    /** Per client: seq → version of every ack it received. */
    private static Map<String, Map<Long, Long>> acks(List<WsTestClient> clients) {
        Map<String, Map<Long, Long>> acked = new HashMap<>();
        for (WsTestClient client : clients) {
            Map<Long, Long> bySeq = new HashMap<>();
            for (JsonNode m : client.received()) {
                if (WsTestClient.type(m).equals("ack")) {
                    Long before = bySeq.put(m.get("seq").asLong(), m.get("version").asLong());
                    assertTrue(before == null || before == m.get("version").asLong(), "one version per seq: " + m);
                }
            }
            acked.put(client.clientId(), bySeq);
        }
        return acked;
    }

    /** Opens the file the killed server left (recovering its WAL) and finds every acknowledged op. */
    private void assertAcknowledgedOpsStored(Map<String, Map<Long, Long>> acked, String when) {
        try (DocumentStore store = SqliteDocumentStore.inDirectory(dir.resolve("data"))) {
            acked.forEach((client, bySeq) -> bySeq.forEach((seq, version) -> {
                CommittedOp op = store.findBySeq(DOCUMENT, client, seq).orElseThrow(
                        () -> new AssertionError(when + ": acknowledged op " + client + " #" + seq + " is lost"));
                assertEquals(version, op.version(), when + ": " + client + " #" + seq);
            }));
        }
    }

    private void assertBroadcastOpsStored(Map<String, Long> seen, String when) {
        try (DocumentStore store = SqliteDocumentStore.inDirectory(dir.resolve("data"))) {
            Map<String, Long> stored = new HashMap<>();
            store.ops(DOCUMENT, 0, Long.MAX_VALUE).forEach(op -> stored.put(op.clientId() + " #" + op.seq(), op.version()));
            seen.forEach((op, version) -> assertEquals(version, stored.get(op), when + ": broadcast op " + op));
        }
    }

    private void assertSeqsContiguous(String when) {
        try (DocumentStore store = SqliteDocumentStore.inDirectory(dir.resolve("data"))) {
            Map<String, List<Long>> seqs = new HashMap<>();
            for (CommittedOp op : store.ops(DOCUMENT, 0, Long.MAX_VALUE)) {
                seqs.computeIfAbsent(op.clientId(), k -> new ArrayList<>()).add(op.seq());
            }
            seqs.forEach((client, list) -> {
                for (int i = 0; i < list.size(); i++) {
                    assertEquals(i + 1L, list.get(i).longValue(), when + ": " + client + "'s ops by seq " + list);
                }
            });
        }
    }

    private static void assertEachTokenOnce(Delta content, int[] tokens, String when) {
        String text = text(content);
        Map<String, Integer> counts = new HashMap<>();
        for (String token : text.substring(0, text.length() - 1).split("\\|")) {
            if (!token.isEmpty()) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        int expected = 0;
        for (int c = 0; c < tokens.length; c++) {
            for (int n = 1; n <= tokens[c]; n++) {
                String token = "c" + c + "." + n;
                assertEquals(1, counts.getOrDefault(token, 0), when + ": token " + token);
                expected++;
            }
        }
        assertEquals(expected, counts.size(), when + ": unexpected tokens in " + counts.keySet());
        System.out.println("KillRecoveryTest: " + expected + " edits, each exactly once, after "
                + KILL_AFTER_ACKS.length + " kills");
    }
}
