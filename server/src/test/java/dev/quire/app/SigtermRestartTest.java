package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.ot.Op;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentStore;
import dev.quire.store.LoadedDocument;
import dev.quire.store.sqlite.SqliteDocumentStore;
import dev.quire.testkit.Await;
import dev.quire.testkit.ServerProcess;
import dev.quire.testkit.WsTestClient;
import dev.quire.webhook.Receiver;
import jakarta.websocket.CloseReason;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful shutdown against the real process (docs/operations.md, "Lifecycle"): editors are typing and a webhook
 * delivery is in flight to a receiver that never answers when the server gets SIGTERM. The process must exit by
 * itself with 143, every editor must be told 1001 going away, the open document must have a snapshot at its last
 * version and a saved version of it (the pending autosave is made at shutdown), and after a restart on the same
 * data directory every acknowledged edit is there exactly once (the editors then resend what was not
 * acknowledged, and every edit appears exactly once), the abandoned delivery arrives with the same
 * {@code webhook-id}, and the shutdown's save is announced.
 */
@Tag("heavy")
class SigtermRestartTest {
    private static final String DOCUMENT = "sigterm";
    private static final int CLIENTS = 3;
    private static final int EDITS_PER_CLIENT = 40;
    /** Generous: the real bound is about 20 s (docs/operations.md); this is not a speed check. */
    private static final Duration EXIT_BOUND = Duration.ofSeconds(90);
    private static final Duration DEADLINE = Duration.ofSeconds(40);
    /** Exit status of a JVM that ends on SIGTERM after its shutdown hooks ran: 128 + 15. */
    private static final int EXIT_ON_SIGTERM = 143;

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void sigtermWhileEditingAndDelivering_losesNoAckedEditAndNoWebhook() throws Exception {
        ClientManager manager = ClientManager.createClient();
        List<WsTestClient> clients = new ArrayList<>();
        try (Receiver receiver = new Receiver().then(Receiver.Reply.hanging()).otherwise(Receiver.Reply.status(204))) {
            ServerProcess server = new ServerProcess(dir, 0, "--webhooks-allow-private");
            int port = server.base.getPort();
            try {
                rest(server, "POST", "/api/webhooks", "{\"url\":\"" + receiver.url("/hook")
                        + "\",\"eventTypes\":[\"document.saved\"]}", 201);
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(new WsTestClient(manager, server.base, DOCUMENT, "c" + i).connect().join());
                }
                edit(clients, 0, EDITS_PER_CLIENT / 2);
                Await.until(() -> clients.stream().noneMatch(WsTestClient::hasPending), "first edits acknowledged");
                rest(server, "POST", "/api/documents/" + DOCUMENT + "/saves", "{}", 201);
                Await.until(() -> receiver.received("/hook").size() == 1, DEADLINE,
                        () -> "the save's delivery reached the (hanging) receiver: " + receiver.received());
                // More edits, some still in flight when the signal comes.
                edit(clients, EDITS_PER_CLIENT / 2, EDITS_PER_CLIENT);

                assertEquals(EXIT_ON_SIGTERM, server.terminate(EXIT_BOUND), "exit code after SIGTERM");
            } finally {
                server.process.destroyForcibly();
            }
            for (WsTestClient client : clients) {
                CloseReason reason = client.awaitClose();
                assertEquals(CloseReason.CloseCodes.GOING_AWAY, reason.getCloseCode(),
                        client.clientId() + ": " + reason);
            }
            Map<String, Map<Long, Long>> acked = acks(clients);
            long finalVersion = assertAcknowledgedOpsStoredOnceWithSnapshotAndSaved(acked);

            ServerProcess restarted = new ServerProcess(dir, port, "--webhooks-allow-private");
            try {
                Receiver.Received abandoned = receiver.received("/hook").get(0);
                String webhookId = abandoned.header("webhook-id");
                Await.until(() -> receiver.received("/hook").stream()
                                .filter(r -> webhookId.equals(r.header("webhook-id"))).count() >= 2, DEADLINE,
                        () -> "the abandoned delivery after the restart: " + receiver.received());
                Receiver.Received again = receiver.received("/hook").stream()
                        .filter(r -> webhookId.equals(r.header("webhook-id"))).skip(1).findFirst().orElseThrow();
                assertEquals(abandoned.body(), again.body(), "the same bytes, fixed in the outbox");
                // The save made at shutdown from the pending autosave (or by the autosave itself, if it came first)
                // is announced too.
                Await.until(() -> receiver.received("/hook").stream().map(r -> json(r.body()))
                                .anyMatch(b -> b.at("/data/documentVersion").asLong() == finalVersion), DEADLINE,
                        () -> "document.saved of version " + finalVersion + ": " + receiver.received());

                for (WsTestClient client : clients) {
                    client.connect().join(); // resends what was not acknowledged
                }
                Await.until(() -> clients.stream().noneMatch(WsTestClient::hasPending), DEADLINE,
                        () -> "every edit acknowledged after the restart");
                try (WsTestClient observer = new WsTestClient(manager, restarted.base, DOCUMENT, "observer")
                        .connect().join()) {
                    assertEachTokenOnce(observer.content());
                }
                assertEquals(EXIT_ON_SIGTERM, restarted.terminate(EXIT_BOUND), "exit code after the second SIGTERM");
            } finally {
                restarted.process.destroyForcibly();
            }
        } finally {
            clients.forEach(WsTestClient::close);
            manager.shutdown();
        }
    }

    /** Each client inserts tokens "c<i>.<n>|" at the start; concurrent inserts never split one. */
    private static void edit(List<WsTestClient> clients, int from, int to) {
        for (int n = from + 1; n <= to; n++) {
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).edit(Delta.builder().insert("c" + i + "." + n + "|").build());
            }
        }
    }

    private JsonNode rest(ServerProcess server, String method, String path, String json, int expected)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.base.resolve(path)).timeout(DEADLINE)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), () -> method + " " + path + ": " + response.body());
        return WsTestClient.JSON.readTree(response.body());
    }

    /** Per client: seq → version of every ack it received. */
    private static Map<String, Map<Long, Long>> acks(List<WsTestClient> clients) {
        Map<String, Map<Long, Long>> acked = new HashMap<>();
        for (WsTestClient client : clients) {
            Map<Long, Long> bySeq = new HashMap<>();
            for (JsonNode m : client.received()) {
                if (WsTestClient.type(m).equals("ack")) {
                    bySeq.put(m.get("seq").asLong(), m.get("version").asLong());
                }
            }
            acked.put(client.clientId(), bySeq);
        }
        return acked;
    }

    /**
     * With the server gone: every acknowledged op is stored at its version, each token of the log is there once,
     * and the document has a snapshot at its last version (written at shutdown, so loading replays nothing).
     */
    private long assertAcknowledgedOpsStoredOnceWithSnapshotAndSaved(Map<String, Map<Long, Long>> acked) {
        try (DocumentStore store = SqliteDocumentStore.inDirectory(dir.resolve("data"))) {
            acked.forEach((client, bySeq) -> bySeq.forEach((seq, version) -> {
                CommittedOp op = store.findBySeq(DOCUMENT, client, seq).orElseThrow(
                        () -> new AssertionError("acknowledged op " + client + " #" + seq + " is lost"));
                assertEquals(version, op.version(), client + " #" + seq);
            }));
            LoadedDocument loaded = store.load(DOCUMENT).orElseThrow();
            assertTrue(loaded.opsAfterSnapshot().isEmpty(), "snapshot at the last version, "
                    + loaded.info().version() + "; it is at " + loaded.snapshot().version());
            Delta replayed = Delta.ofText("\n");
            for (CommittedOp op : store.ops(DOCUMENT, 0, loaded.info().version())) {
                replayed = op.delta().applyTo(replayed);
            }
            assertEquals(replayed, loaded.snapshot().content(), "the snapshot is the replay of the log");
            Map<String, Integer> counts = tokenCounts(replayed);
            counts.forEach((token, n) -> assertEquals(1, n, "token " + token + " in the log"));
            assertEquals(loaded.info().version(), store.latestSave(DOCUMENT).orElseThrow().documentVersion(),
                    "the last edits are saved: the pending autosave was made at shutdown");
            return loaded.info().version();
        }
    }

    private static JsonNode json(String body) {
        try {
            return WsTestClient.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertEachTokenOnce(Delta content) {
        Map<String, Integer> counts = tokenCounts(content);
        for (int i = 0; i < CLIENTS; i++) {
            for (int n = 1; n <= EDITS_PER_CLIENT; n++) {
                assertEquals(1, counts.getOrDefault("c" + i + "." + n, 0), "token c" + i + "." + n);
            }
        }
        assertEquals(CLIENTS * EDITS_PER_CLIENT, counts.size(), "unexpected tokens in " + counts.keySet());
    }

    private static Map<String, Integer> tokenCounts(Delta content) {
        StringBuilder text = new StringBuilder();
        for (Op op : content.ops()) {
            text.append(((Op.Insert) op).text());
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String token : text.substring(0, text.length() - 1).split("\\|")) {
            if (!token.isEmpty()) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        return counts;
    }
}
