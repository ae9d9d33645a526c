package dev.quire.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.store.BackupInfo;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.StorageException;
import dev.quire.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Online backup ({@link SqliteBackup}, {@link SqliteBackups}) and offline restore ({@link SqliteRestore}). */
class SqliteBackupTest {
    private static final Instant T0 = Instant.parse("2026-11-27T02:15:00.123Z");

    @TempDir
    Path dir;

    private Path live() {
        return dir.resolve("live");
    }

    @BeforeEach
    void directories() throws Exception {
        Files.createDirectories(live());
        Files.createDirectories(dir.resolve("source"));
    }

    @Test
    void copy_whileAppendsGoOn_isAConsistentPrefixOfTheLog() throws Exception {
        try (SqliteDocumentStore store = SqliteDocumentStore.inDirectory(live())) {
            store.create("doc", "Doc", new DocumentSnapshot(0, Delta.ofText("\n")), T0);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong version = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                while (writing.get()) {
                    long v = version.incrementAndGet();
                    store.append("doc", new CommittedOp(v, "c", v, Delta.builder().insert("x" + v + "|").build(),
                            "Ada", T0)).join();
                }
            });
            Await.until(() -> version.get() >= 20, "appends under way");
            long before = version.get() - 1; // committed: its future completed before the next append began
            Path copy = dir.resolve("copy.db");
            long bytes = SqliteBackup.copy(live().resolve(SqliteDocumentStore.FILE_NAME), copy);
            long countAfterCopy = version.get();
            Await.until(() -> version.get() >= countAfterCopy + 20, "appends went on after the copy");
            writing.set(false);
            writer.join();

            assertEquals(Files.size(copy), bytes);
            assertFalse(Files.exists(dir.resolve("copy.db.partial")), "no partial file left");
            List<CommittedOp> all = store.ops("doc", 0, Long.MAX_VALUE);
            try (SqliteDocumentStore backup = SqliteDocumentStore.open(copy, SqliteSettings.defaults())) {
                List<CommittedOp> copied = backup.ops("doc", 0, Long.MAX_VALUE);
                assertTrue(copied.size() >= before, "has what was committed before: " + copied.size() + " < " + before);
                assertTrue(copied.size() < all.size(), "not what came after");
                assertEquals(all.subList(0, copied.size()), copied, "a prefix of the log, op for op");
                assertEquals(copied.size(), backup.load("doc").orElseThrow().info().version());
            }
        }
    }

    @Test
    void copy_refusesAnExistingTargetAndAMissingSource() throws Exception {
        SqliteDocumentStore.inDirectory(live()).close();
        Path taken = Files.writeString(dir.resolve("taken.db"), "keep me");
        StorageException exists = assertThrows(StorageException.class,
                () -> SqliteBackup.copy(live().resolve(SqliteDocumentStore.FILE_NAME), taken));
        assertTrue(exists.getMessage().contains("will not overwrite"), exists.getMessage());
        assertEquals("keep me", Files.readString(taken));
        StorageException missing = assertThrows(StorageException.class,
                () -> SqliteBackup.copy(dir.resolve("nothing.db"), dir.resolve("out.db")));
        assertTrue(missing.getMessage().contains("no database"), missing.getMessage());
    }

    @Test
    void backups_areNamedByUtcTimeAndListedNewestFirst() throws Exception {
        SqliteDocumentStore.inDirectory(live()).close();
        Path database = live().resolve(SqliteDocumentStore.FILE_NAME);
        Path backupDir = live().resolve("backups");
        SqliteBackups first = new SqliteBackups(database, backupDir, Clock.fixed(T0, ZoneOffset.UTC));
        assertEquals(List.of(), first.list(), "no directory yet: none");
        BackupInfo a = first.create();
        BackupInfo sameMillisecond = first.create();
        BackupInfo later = new SqliteBackups(database, backupDir, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC))
                .create();
        Files.writeString(backupDir.resolve("notes.txt"), "not a backup");

        assertEquals("quire-20261127T021500.123Z.db", a.name());
        assertEquals("quire-20261127T021500.123Z-2.db", sameMillisecond.name());
        assertEquals(T0, a.createdAt());
        assertEquals(Files.size(backupDir.resolve(a.name())), a.bytes());
        assertEquals(List.of(later, sameMillisecond, a), first.list());
    }

    @Test
    void restore_checksTheBackupThenMovesThePreviousDatabaseAside() throws Exception {
        try (SqliteDocumentStore store = SqliteDocumentStore.inDirectory(live())) {
            store.create("old", "Old", new DocumentSnapshot(0, Delta.ofText("old\n")), T0);
        }
        Path source = dir.resolve("source");
        try (SqliteDocumentStore store = SqliteDocumentStore.inDirectory(source)) {
            store.create("new", "New", new DocumentSnapshot(0, Delta.ofText("new\n")), T0);
        }
        Path backup = dir.resolve("new.db");
        SqliteBackup.copy(source.resolve(SqliteDocumentStore.FILE_NAME), backup);

        SqliteRestore.Outcome outcome = SqliteRestore.restore(live(), backup, T0);

        assertTrue(outcome.schemaVersion().matches("\\d+"),
                "the newest migration's version: " + outcome.schemaVersion());
        assertEquals(live().resolve("before-restore-20261127T021500Z"), outcome.previous());
        try (SqliteDocumentStore restored = SqliteDocumentStore.inDirectory(live())) {
            assertEquals(List.of("new"), restored.list().stream().map(d -> d.id()).toList());
        }
        try (SqliteDocumentStore previous = SqliteDocumentStore.inDirectory(outcome.previous())) {
            assertEquals(List.of("old"), previous.list().stream().map(d -> d.id()).toList(), "kept, not deleted");
        }
    }

    @Test
    void restore_refusesWhatIsNotAQuireDatabaseItCanMigrate_andChangesNothing() throws Exception {
        try (SqliteDocumentStore store = SqliteDocumentStore.inDirectory(live())) {
            store.create("old", "Old", new DocumentSnapshot(0, Delta.ofText("old\n")), T0);
        }
        Path text = Files.writeString(dir.resolve("notes.db"), "this is not a database, just a long enough text");
        Path otherSqlite = dir.resolve("other.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + otherSqlite);
             Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE t (x)");
        }
        Path future = dir.resolve("future.db");
        SqliteBackup.copy(live().resolve(SqliteDocumentStore.FILE_NAME), future);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + future);
             Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (99, '99', 'later', 'SQL',"
                    + " 'V99__later.sql', 0, 'test', 0, 1)");
        }

        assertRefused(text, "not a readable SQLite database");
        assertRefused(otherSqlite, "not a Quire database");
        assertRefused(future, "newer than this build");
        assertRefused(dir.resolve("missing.db"), "no backup file");
        try (SqliteDocumentStore unchanged = SqliteDocumentStore.inDirectory(live())) {
            assertEquals(List.of("old"), unchanged.list().stream().map(d -> d.id()).toList());
        }
        try (var files = Files.list(live())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("before-restore")
                    || f.getFileName().toString().endsWith(".restoring")), "nothing moved, nothing left over");
        }
    }

    private void assertRefused(Path backup, String reason) {
        StorageException e = assertThrows(StorageException.class, () -> SqliteRestore.restore(live(), backup, T0));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
