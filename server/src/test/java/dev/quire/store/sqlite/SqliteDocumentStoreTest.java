package dev.quire.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.DocumentStoreContractTest;
import dev.quire.store.LoadedDocument;
import dev.quire.store.AppendAdmission;
import dev.quire.store.AppendReservation;
import dev.quire.store.StorageBusyException;
import dev.quire.store.StorageException;
import dev.quire.store.StorageMetrics;
import dev.quire.store.VersionConflictException;
import dev.quire.testkit.CapturedLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store against the contract, plus what only a durable, group-committing store has. */
class SqliteDocumentStoreTest extends DocumentStoreContractTest {
    /** Used by a test that causes a failure on purpose: what it logs is asserted, not printed. */
    @AutoClose
    private final CapturedLogs logs = new CapturedLogs();

    @TempDir
    Path dir;

    @Override
    protected DocumentStore openStore() {
        return SqliteDocumentStore.inDirectory(dir);
    }

    @Override
    protected DocumentStore reopened() {
        store.close();
        return SqliteDocumentStore.inDirectory(dir);
    }

    @Override
    protected DocumentStore openStore(AppendAdmission admission) throws IOException {
        Path other = Files.createTempDirectory(dir, "bounded");
        return SqliteDocumentStore.open(other.resolve(SqliteDocumentStore.FILE_NAME), SqliteSettings.defaults(),
                StorageMetrics.NONE, admission);
    }

    @Test
    void appends_whileTheWriterIsHeld_fillTheQueueToItsBound_thenAreRefusedAtOnce_andGoOnOnceItDrains()
            throws Exception {
        int maxOps = 200;
        long maxBytes = 64 << 10;
        try (SqliteDocumentStore bounded = (SqliteDocumentStore) openStore(new AppendAdmission(maxOps, maxBytes))) {
            bounded.create("a", "A", EMPTY, T0);
            Hold hold = new Hold().start(bounded);
            List<CompletableFuture<Void>> admitted = new ArrayList<>();
            StorageBusyException busy = null;
            long version = 0;
            long queuedBytes = 0;
            while (busy == null) { // small ops: the op count fills first
                CommittedOp op = op(version + 1, "c1", version + 1, "x");
                try {
                    AppendReservation room = bounded.reserveAppend(1, op.estimatedBytes());
                    admitted.add(bounded.appendAll("a", List.of(op)).whenComplete((ignored, error) -> room.release()));
                    version++;
                    queuedBytes += op.estimatedBytes();
                } catch (StorageBusyException refused) {
                    busy = refused; // refused while the writer is still held: it waited for nothing
                }
            }
            assertEquals(maxOps, admitted.size());
            assertTrue(admitted.stream().noneMatch(CompletableFuture::isDone), "the writer is held");
            assertEquals(maxOps, bounded.queuedAppends());
            assertEquals(queuedBytes, bounded.queuedAppendBytes());
            assertTrue(queuedBytes <= maxBytes);

            hold.release();
            CompletableFuture.allOf(admitted.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(0, bounded.queuedAppends(), "every completed append gave its room back");
            assertEquals(maxOps, bounded.ops("a", 0, Long.MAX_VALUE).size());

            CommittedOp large = new CommittedOp(version + 1, "c2", 1, Delta.builder().insert("y".repeat(40_000))
                    .build(), "Author c2", at(version + 1));
            AppendReservation room = bounded.reserveAppend(1, large.estimatedBytes());
            assertThrows(StorageBusyException.class, () -> bounded.reserveAppend(1, maxBytes - 1_000),
                    "the byte bound refuses as well");
            bounded.appendAll("a", List.of(large)).whenComplete((ignored, error) -> room.release()).get(30, TimeUnit.SECONDS);
            assertEquals(0, bounded.queuedAppendBytes());
        }
    }

    private SqliteDocumentStore sqlite() {
        return (SqliteDocumentStore) store;
    }

    /** Keeps the writer busy inside a batch until {@link #release()}, so what is queued meanwhile forms one batch. */
    private static final class Hold extends Write<Void> {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);

        @Override
        Void apply(SqlConnection db) {
            holding.countDown();
            try {
                if (!released.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        Hold start(SqliteDocumentStore store) throws InterruptedException {
            store.submit(this);
            assertTrue(holding.await(30, TimeUnit.SECONDS), "the writer took the hold");
            return this;
        }

        void release() {
            released.countDown();
        }
    }

    @Test
    void reopen_keepsDocumentsOpsSnapshotsTitlesAndDeletions() {
        store.create("a", "A", EMPTY, T0);
        store.create("b", "B", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "x"), op(2, "c2", 1, "y"), op(3, "c1", 2, "z"));
        await(store.saveSnapshot("a", new DocumentSnapshot(2, Delta.ofText("yx\n"))));
        store.rename("a", "A2", at(20));
        store.delete("b", at(21));
        LoadedDocument before = store.load("a").orElseThrow();
        List<DocumentInfo> listBefore = store.list();
        store.close();

        store = SqliteDocumentStore.inDirectory(dir);
        assertEquals(before, store.load("a").orElseThrow());
        assertEquals(listBefore, store.list());
        assertTrue(store.load("b").isEmpty());
        assertEquals(op(2, "c2", 1, "y"), store.findBySeq("a", "c2", 1).orElseThrow());
        assertEquals(Delta.ofText("zyx\n"), replay(store.load("a").orElseThrow()));
        await(store.append("a", op(4, "c1", 3, "w")));
    }

    @Test
    void groupCommit_writesQueuedWhileTheWriterIsBusy_commitInOneTransaction() throws Exception {
        for (int d = 0; d < 10; d++) {
            store.create("d" + d, "D", EMPTY, T0);
        }
        Hold hold = new Hold().start(sqlite());
        long before = sqlite().commits();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int v = 1; v <= 20; v++) {
            for (int d = 0; d < 10; d++) {
                acks.add(store.append("d" + d, op(v, "c" + d, v, "x")));
            }
        }
        assertFalse(acks.get(0).isDone(), "not acknowledged before it is committed");
        hold.release();
        acks.forEach(DocumentStoreContractTest::await);

        assertEquals(2, sqlite().commits() - before, "the held batch, then all 200 appends in one commit");
        for (int d = 0; d < 10; d++) {
            assertEquals(20, store.load("d" + d).orElseThrow().info().version());
        }
    }

    @Test
    void storageFailure_failsTheWholeBatch_losesNothingAcknowledged_andTheStoreGoesOn() throws Exception {
        logs.capture("dev.quire.store.sqlite");
        store.create("a", "A", EMPTY, T0);
        store.create("b", "B", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "x"), op(2, "c1", 2, "y"));

        Hold hold = new Hold().start(sqlite());
        CompletableFuture<Void> a3 = store.append("a", op(3, "c1", 3, "z"));
        CompletableFuture<Object> broken = sqlite().submit(new Write<>() {
            @Override
            Object apply(SqlConnection db) throws SQLException {
                db.execute("INSERT INTO documents (id, title, created_at, updated_at) VALUES ('c', 'C', 0, 0)");
                throw new SQLException("disk I/O error (injected)", null, 10); // SQLITE_IOERR
            }
        });
        CompletableFuture<Void> b1 = store.append("b", op(1, "c2", 1, "w"));
        hold.release();

        assertInstanceOf(StorageException.class, failureOf(a3));
        assertInstanceOf(StorageException.class, failureOf(broken));
        assertInstanceOf(StorageException.class, failureOf(b1));
        assertEquals("disk I/O error (injected)", logs.await(Level.ERROR, "writes failed; none is stored")
                .getThrowableProxy().getMessage());
        assertEquals(List.of(1L, 2L), store.ops("a", 0, 10).stream().map(CommittedOp::version).toList());
        assertEquals(List.of(), store.ops("b", 0, 10));
        assertTrue(store.load("c").isEmpty(), "the failed batch's other writes are rolled back too");

        // The writer goes on: the hub resends after a failure, and the same versions commit now.
        appendAll("a", op(3, "c1", 3, "z"));
        appendAll("b", op(1, "c2", 1, "w"));
        store.close();
        store = SqliteDocumentStore.inDirectory(dir);
        assertEquals(3, store.load("a").orElseThrow().info().version());
        assertEquals(1, store.load("b").orElseThrow().info().version());
    }

    @Test
    void constraintViolation_failsOnlyThatWrite_theBatchCommits() throws Exception {
        store.create("a", "A", EMPTY, T0);
        store.create("b", "B", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "x"));

        Hold hold = new Hold().start(sqlite());
        CompletableFuture<Void> sameSeq = store.append("a", op(2, "c1", 1, "again")); // (client, seq) taken
        CompletableFuture<Void> b1 = store.append("b", op(1, "c2", 1, "w"));
        hold.release();

        assertInstanceOf(IllegalStateException.class, failureOf(sameSeq));
        await(b1);
        assertEquals(1, store.load("a").orElseThrow().info().version());
        assertEquals(1, store.load("b").orElseThrow().info().version());
    }

    @Test
    void aWriteRefusedAloneInItsBatch_isRolledBackWithoutACommit_andTheNextWriteCommits() {
        store.create("a", "A", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "x"));
        long before = sqlite().commits();

        // Each awaited before the next: alone in its batch, so the transaction is its only savepoint.
        assertInstanceOf(VersionConflictException.class, failureOf(store.append("a", op(1, "c2", 1, "taken"))));
        assertInstanceOf(IllegalStateException.class, failureOf(store.append("a", op(2, "c1", 1, "same seq"))));
        assertEquals(0, sqlite().commits() - before, "nothing to make durable: rolled back, not committed");
        assertEquals(1, store.load("a").orElseThrow().info().version(), "the version check's update rolled back too");

        await(store.append("a", op(2, "c2", 1, "y")));
        assertEquals(1, sqlite().commits() - before);
        assertEquals(List.of(op(1, "c1", 1, "x"), op(2, "c2", 1, "y")), store.ops("a", 0, 10));
    }

    @Test
    void open_aDatabaseOfVersion5_keepsItsSavedVersions_andTakesRestoreSaves() throws Exception {
        store.close();
        Path file = dir.resolve("v5.db");
        String url = "jdbc:sqlite:" + file;
        org.sqlite.SQLiteDataSource old = new org.sqlite.SQLiteDataSource();
        old.setUrl(url);
        org.flywaydb.core.Flyway.configure(getClass().getClassLoader()).dataSource(old)
                .locations("classpath:db/migration").target("5").load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().executeUpdate("INSERT INTO documents (id, title, created_at, updated_at, version)"
                    + " VALUES ('a', 'A', 0, 0, 0)");
            c.createStatement().executeUpdate("INSERT INTO saved_versions VALUES ('a', 1, 0, 0, 'A', 'api', 'REST API',"
                    + " 5, 'kept')");
        }

        store = SqliteDocumentStore.open(file, SqliteSettings.defaults());

        assertEquals("kept", store.savedVersion("a", 1).orElseThrow().label());
        assertEquals(dev.quire.store.SaveTrigger.API, store.savedVersion("a", 1).orElseThrow().trigger());
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().executeUpdate("INSERT INTO saved_versions VALUES ('a', 2, 0, 0, 'A', 'restore', 'Ada',"
                    + " 6, NULL)");
        }
        assertEquals(dev.quire.store.SaveTrigger.RESTORE, store.savedVersion("a", 2).orElseThrow().trigger());
    }

    @Test
    void open_onAnEmptyFile_migrationsCreateTheSchema_inWalWithFullSync() throws Exception {
        store.close();
        Path file = Files.createFile(dir.resolve("empty.db"));
        store = SqliteDocumentStore.open(file, SqliteSettings.defaults());
        assertTrue(store.create("a", "A", EMPTY, T0));

        Object synchronous = await(sqlite().submit(new Write<>() {
            @Override
            Object apply(SqlConnection db) throws SQLException {
                try (ResultSet row = db.prepare("PRAGMA synchronous").executeQuery()) {
                    return row.next() ? row.getInt(1) : null;
                }
            }
        }));
        assertEquals(2, synchronous, "synchronous=FULL on the writer");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertEquals(List.of("access_grants", "client_fences", "documents", "flyway_schema_history", "ops",
                    "saved_versions", "snapshots", "sqlite_sequence", "webhook_attempts", "webhook_deliveries",
                    "webhook_endpoints", "webhook_messages"),
                    strings(c, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
            assertEquals(List.of("1:1", "2:1", "3:1", "4:1", "5:1", "6:1", "7:1"),
                    strings(c, "SELECT version || ':' || success FROM flyway_schema_history"));
            assertEquals(List.of("wal"), strings(c, "PRAGMA journal_mode"));
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = c.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    @Test
    void close_writesWhatIsQueued_laterAppendsFail() {
        store.create("a", "A", EMPTY, T0);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int v = 1; v <= 100; v++) {
            acks.add(store.append("a", op(v, "c1", v, "x")));
        }
        store.close();
        acks.forEach(DocumentStoreContractTest::await);
        assertInstanceOf(StorageException.class, failureOf(store.append("a", op(101, "c1", 101, "x"))));

        store = SqliteDocumentStore.inDirectory(dir);
        assertEquals(100, store.load("a").orElseThrow().info().version());
    }
}
