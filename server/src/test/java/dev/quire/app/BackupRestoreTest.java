package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentStore;
import dev.quire.store.LoadedDocument;
import dev.quire.store.SavedVersion;
import dev.quire.store.sqlite.SqliteDocumentStore;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup while editors type, restore into a fresh directory, start a server there (docs/operations.md, "Backup
 * and restore"): both ways of taking one - {@code POST /api/admin/backups} and {@code quire backup} - give a copy
 * that is the live database as of one instant: every document with every op and saved version committed before
 * the backup began, none torn (ops 1..v exactly as live, the snapshot equal to the replay of the log), and the
 * restored server serves exactly that. Replay with {@code -Dquire.seed=N}.
 */
class BackupRestoreTest {
    private static final List<String> DOCUMENTS = List.of("alpha", "beta", "gamma");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void backupsTakenWhileEditing_restoreIntoAServerWithEverythingAsOfTheBackup() throws Exception {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("BackupRestoreTest seed=" + seed);
        Random random = new Random(seed);
        Map<String, Long> liveVersions = new HashMap<>();
        Map<String, List<CommittedOp>> liveOps = new HashMap<>();
        Map<String, List<SavedVersion>> liveSaves = new HashMap<>();
        Map<String, Long> committedBefore = new HashMap<>();
        Map<String, Integer> savesBefore = new HashMap<>();
        Path restApiBackup;
        Path cliBackup = dir.resolve("cli-backup.db");
        JsonNode created;
        TestServer live = TestServer.start();
        try {
            List<WsTestClient> clients = new ArrayList<>();
            for (String document : DOCUMENTS) {
                for (int i = 0; i < 2; i++) {
                    clients.add(live.client(document, document + "-" + i).connect().join());
                }
            }
            Map<String, Integer> saves = new ConcurrentHashMap<>();
            AtomicBoolean editing = new AtomicBoolean(true);
            CompletableFuture<Void> editors = CompletableFuture.runAsync(() -> {
                int n = 0;
                while (editing.get()) {
                    WsTestClient client = clients.get(random.nextInt(clients.size()));
                    client.edit(Delta.builder().insert(client.label() + "." + (++n) + "|").build());
                    if (n % 15 == 0) {
                        String document = DOCUMENTS.get(random.nextInt(DOCUMENTS.size()));
                        send(live.baseUri(), "POST", "/api/documents/" + document + "/saves", "{}", 201);
                        saves.merge(document, 1, Integer::sum);
                    }
                    // Jitter to vary what is in flight during the backup, not synchronisation.
                    LockSupport.parkNanos(100_000 + random.nextInt(500_000));
                }
            });
            Await.until(() -> totalAcks(clients) >= 60, DEADLINE, () -> "seed=" + seed + ": edits under way");
            for (String document : DOCUMENTS) {
                committedBefore.put(document, clients.stream().filter(c -> c.label().startsWith(document))
                        .mapToLong(WsTestClient::version).max().orElseThrow());
                savesBefore.put(document, saves.getOrDefault(document, 0));
            }
            created = send(live.baseUri(), "POST", "/api/admin/backups", null, 201);
            int acksAtBackup = totalAcks(clients);
            DataDirectoryLockTest.Run cli = DataDirectoryLockTest.run(new BackupCommand(),
                    "--data", live.data().toString(), "--to", cliBackup.toString());
            assertEquals(0, cli.exit(), cli.err());
            assertTrue(cli.out().contains("backup written to"), cli.out());
            Await.until(() -> totalAcks(clients) >= acksAtBackup + 60, DEADLINE,
                    () -> "seed=" + seed + ": editing went on during and after the backups");
            editing.set(false);
            editors.join();
            Await.until(() -> clients.stream().noneMatch(WsTestClient::hasPending), DEADLINE,
                    () -> "seed=" + seed + ": every edit acknowledged");

            String name = created.get("name").asText();
            assertTrue(name.matches("quire-\\d{8}T\\d{6}\\.\\d{3}Z\\.db"), name);
            assertEquals(3, created.size(), "name, bytes, createdAt: " + created);
            Instant.parse(created.get("createdAt").asText());
            restApiBackup = live.data().resolve("backups").resolve(name);
            assertEquals(Files.size(restApiBackup), created.get("bytes").asLong());
            JsonNode listed = send(live.baseUri(), "GET", "/api/admin/backups", null, 200).get("backups");
            assertEquals(1, listed.size(), listed::toString);
            assertEquals(created, listed.get(0));

            live.stop();
            restApiBackup = Files.copy(restApiBackup, dir.resolve(name)); // the live directory goes with `live`
            try (DocumentStore store = SqliteDocumentStore.inDirectory(live.data())) {
                for (String document : DOCUMENTS) {
                    long version = store.load(document).orElseThrow().info().version();
                    liveVersions.put(document, version);
                    liveOps.put(document, store.ops(document, 0, version));
                    liveSaves.put(document, store.savedVersions(document));
                }
            }
        } finally {
            live.close();
        }

        int k = 0;
        for (Path backup : List.of(restApiBackup, cliBackup)) {
            String which = "seed=" + seed + ", " + backup.getFileName();
            Path restored = dir.resolve("restored-" + (++k));
            DataDirectoryLockTest.Run restore = DataDirectoryLockTest.run(new RestoreCommand(),
                    "--data", restored.toString(), "--from", backup.toString());
            assertEquals(0, restore.exit(), restore.err());
            Map<String, Long> backupVersions = new HashMap<>();
            Map<String, Delta> backupContents = new HashMap<>();
            Map<String, Integer> backupSaves = new HashMap<>();
            try (DocumentStore store = SqliteDocumentStore.inDirectory(restored)) {
                for (String document : DOCUMENTS) {
                    String what = which + ", " + document;
                    LoadedDocument loaded = store.load(document).orElseThrow();
                    long version = loaded.info().version();
                    assertTrue(version >= committedBefore.get(document), what + ": has every op committed before "
                            + "the backup (" + committedBefore.get(document) + "), has " + version);
                    List<CommittedOp> ops = store.ops(document, 0, version);
                    assertEquals(liveOps.get(document).subList(0, (int) version), ops, what + ": ops 1.." + version);
                    Delta replayed = store.snapshotAtOrBefore(document, 0).orElseThrow().content();
                    for (CommittedOp op : ops) {
                        replayed = op.delta().applyTo(replayed);
                    }
                    Delta fromSnapshot = loaded.snapshot().content();
                    for (CommittedOp op : loaded.opsAfterSnapshot()) {
                        fromSnapshot = op.delta().applyTo(fromSnapshot);
                    }
                    assertEquals(replayed, fromSnapshot, what + ": snapshot + later ops = replay of the whole log");
                    List<SavedVersion> savedVersions = store.savedVersions(document);
                    assertTrue(savedVersions.size() >= savesBefore.get(document), what + ": saves before the backup");
                    List<SavedVersion> liveAll = liveSaves.get(document);
                    assertEquals(liveAll.subList(liveAll.size() - savedVersions.size(), liveAll.size()), savedVersions,
                            what + ": the oldest saves, exactly as live");
                    savedVersions.forEach(s -> assertTrue(s.documentVersion() <= version, what + ": " + s));
                    backupVersions.put(document, version);
                    backupContents.put(document, replayed);
                    backupSaves.put(document, savedVersions.size());
                }
            }
            assertTrue(backupVersions.entrySet().stream().anyMatch(e -> e.getValue() < liveVersions.get(e.getKey())),
                    which + ": edits after the backup are not in it");

            try (TestServer server = TestServer.startOn(restored)) {
                for (String document : DOCUMENTS) {
                    JsonNode read = send(server.baseUri(), "GET", "/api/documents/" + document, null, 200);
                    assertEquals(backupVersions.get(document).longValue(), read.get("version").asLong());
                    assertEquals(backupContents.get(document), WsTestClient.delta(read.get("content")));
                    JsonNode savesList = send(server.baseUri(), "GET", "/api/documents/" + document + "/saves", null,
                            200).get("saves");
                    assertEquals(backupSaves.get(document).intValue(), savesList.size(), which + ": saves served");
                }
            }
        }
    }

    private static int totalAcks(List<WsTestClient> clients) {
        return clients.stream().mapToInt(c -> c.count(m -> WsTestClient.type(m).equals("ack"))).sum();
    }

    private JsonNode send(URI base, String method, String path, String json, int expected) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(DEADLINE);
            request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                    : request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(expected, response.statusCode(), () -> method + " " + path + ": " + response.body());
            return WsTestClient.JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path, e);
        }
    }
}
