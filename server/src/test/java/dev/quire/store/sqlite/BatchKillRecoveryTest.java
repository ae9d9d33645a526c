package dev.quire.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentStore;
import dev.quire.testkit.Await;
import dev.quire.testkit.ServerProcess;
import dev.quire.testkit.WsTestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 5 for {@code ops} batches: a batch is committed whole or not at all, even when the server process is
 * SIGKILLed with a batch in flight; every acknowledged batch survives; and resending the batch that was in flight
 * after the restart ends with each of its ops exactly once. One writer sends batches of token inserts ("b7.3|") at
 * the start of the document, each batch after the previous one's ack; the kill comes right after a batch is sent,
 * after a random pause. Replay with {@code -Dquire.seed=N}.
 */
@Tag("heavy")
class BatchKillRecoveryTest {
    private static final String DOCUMENT = "batches";
    private static final int OPS_PER_BATCH = 5;
    private static final int[] KILL_AFTER_BATCHES = {1, 12, 5};

    @TempDir
    Path dir;

    private WsTestClient writer;
    private long version;
    private int batches;

    @Test
    void sigkillWithABatchInFlight_storesItWholeOrNotAtAll_andItsResendAppliesItOnce() throws Exception {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("BatchKillRecoveryTest seed=" + seed);
        Random random = new Random(seed);
        ClientManager manager = ClientManager.createClient();
        ServerProcess server = new ServerProcess(dir, 0);
        int port = server.base.getPort();
        writer = new WsTestClient(manager, server.base, DOCUMENT, "typist").connect().join();
        try {
            for (int round = 0; round < KILL_AFTER_BATCHES.length; round++) {
                for (int i = 1; i < KILL_AFTER_BATCHES[round]; i++) {
                    sendBatchAndAwaitAck();
                }
                int inFlight = sendBatch();
                // A pause so the kill lands before, during or after the batch's commit: not synchronisation.
                LockSupport.parkNanos(random.nextInt(3_000_000));
                server.kill();

                String when = "seed=" + seed + ", after kill " + (round + 1);
                int storedOfInFlight = assertEveryBatchWholeOrAbsent(when);
                assertTrue(storedOfInFlight == 0 || storedOfInFlight == OPS_PER_BATCH, when);

                server = new ServerProcess(dir, port);
                Await.until(() -> !writer.isOpen(), "old connection noticed as closed");
                writer.connect().join();
                resend(inFlight);
                System.out.println("BatchKillRecoveryTest round " + (round + 1) + ": the batch in flight had "
                        + storedOfInFlight + " of " + OPS_PER_BATCH + " ops stored at the kill");
            }
            server.kill();
            String when = "seed=" + seed + ", at the end";
            assertEveryBatchWholeOrAbsent(when);
            assertEachTokenOnce(when);
        } finally {
            server.process.destroyForcibly();
            writer.close();
            manager.shutdown();
        }
    }

    private void sendBatchAndAwaitAck() {
        int batch = sendBatch();
        JsonNode ack = awaitAckOf(batch);
        version = ack.get("version").asLong();
    }

    /** Sends the next batch against the last acknowledged version; returns its number. */
    private int sendBatch() {
        int batch = ++batches;
        writer.send(batchMessage(batch, version));
        return batch;
    }

    private void resend(int batch) {
        writer.send(batchMessage(batch, version));
        version = awaitAckOf(batch).get("version").asLong();
    }

    private JsonNode awaitAckOf(int batch) {
        long lastSeq = seq(batch, OPS_PER_BATCH - 1);
        JsonNode ack = writer.awaitMessage(m -> WsTestClient.type(m).equals("ack") && m.get("seq").asLong() == lastSeq, 0);
        assertTrue(writer.count(m -> WsTestClient.type(m).equals("error")) == 0, () -> "errors: " + writer.received());
        return ack;
    }

    private static long seq(int batch, int op) {
        return (long) (batch - 1) * OPS_PER_BATCH + op + 1;
    }

    private static String token(int batch, int op) {
        return "b" + batch + "." + op + "|";
    }

    private static String batchMessage(int batch, long baseVersion) {
        StringBuilder message = new StringBuilder("{\"type\":\"ops\",\"baseVersion\":" + baseVersion + ",\"ops\":[");
        for (int op = 0; op < OPS_PER_BATCH; op++) {
            message.append(op > 0 ? "," : "").append("{\"seq\":").append(seq(batch, op))
                    .append(",\"delta\":{\"ops\":[{\"insert\":\"").append(token(batch, op)).append("\"}]}}");
        }
        return message.append("]}").toString();
    }

    /**
     * Opens the file the killed server left (recovering its WAL): every acknowledged batch is stored whole, and no
     * batch is stored in part.
     *
     * @return how many ops of the last batch sent are stored
     */
    private int assertEveryBatchWholeOrAbsent(String when) {
        try (DocumentStore store = SqliteDocumentStore.inDirectory(dir.resolve("data"))) {
            int[] stored = new int[batches + 1];
            for (CommittedOp op : store.ops(DOCUMENT, 0, Long.MAX_VALUE)) {
                stored[(int) ((op.seq() - 1) / OPS_PER_BATCH) + 1]++;
            }
            for (int batch = 1; batch <= batches; batch++) {
                int n = stored[batch];
                assertTrue(n == 0 || n == OPS_PER_BATCH, when + ": batch " + batch + " has " + n + " ops stored");
            }
            for (JsonNode ack : writer.received()) {
                if (WsTestClient.type(ack).equals("ack")) {
                    int batch = (int) ((ack.get("seq").asLong() - 1) / OPS_PER_BATCH) + 1;
                    assertEquals(OPS_PER_BATCH, stored[batch], when + ": acknowledged batch " + batch + " lost");
                }
            }
            return stored[batches];
        }
    }

    /** After the last restart and resend: the document holds every token of every batch exactly once. */
    private void assertEachTokenOnce(String when) {
        try (DocumentStore store = SqliteDocumentStore.inDirectory(dir.resolve("data"))) {
            var loaded = store.load(DOCUMENT).orElseThrow();
            Delta content = loaded.snapshot().content();
            for (CommittedOp op : loaded.opsAfterSnapshot()) {
                content = content.compose(op.delta());
            }
            StringBuilder text = new StringBuilder();
            content.ops().forEach(op -> text.append(((dev.quire.ot.Op.Insert) op).text()));
            List<String> missingOrDoubled = new ArrayList<>();
            for (int batch = 1; batch <= batches; batch++) {
                for (int op = 0; op < OPS_PER_BATCH; op++) {
                    String token = token(batch, op);
                    int first = text.indexOf(token);
                    if (first < 0 || text.indexOf(token, first + 1) >= 0) {
                        missingOrDoubled.add(token);
                    }
                }
            }
            assertEquals(List.of(), missingOrDoubled, when + ": " + text);
            assertEquals(batches * OPS_PER_BATCH, loaded.info().version(), when + ": one version per op");
        }
    }
}
