package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.app.DataDirectoryLockTest.Run;
import dev.quire.ot.Delta;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.sqlite.SqliteDocumentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quire backup} and {@code quire restore} as an operator meets them: arguments, messages, exit codes. */
class OperatorCommandsTest {
    @TempDir
    Path dir;

    @Test
    void help_listsTheOptions_andExitsZero() {
        Run backup = DataDirectoryLockTest.run(new BackupCommand(), "--help");
        assertEquals(0, backup.exit());
        assertTrue(backup.out().contains("--data=DIR") && backup.out().contains("--to=FILE"), backup.out());
        Run restore = DataDirectoryLockTest.run(new RestoreCommand(), "--help");
        assertEquals(0, restore.exit());
        assertTrue(restore.out().contains("--data=DIR") && restore.out().contains("--from=FILE"), restore.out());
    }

    @Test
    void missingOption_isAUsageError_namingIt() {
        Run run = DataDirectoryLockTest.run(new BackupCommand(), "--data", dir.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--to=FILE"), run.err());
    }

    @Test
    void backupOfADirectoryWithoutADatabase_failsNamingIt() {
        Run run = DataDirectoryLockTest.run(new BackupCommand(), "--data", dir.toString(),
                "--to", dir.resolve("b.db").toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("no Quire database in " + dir.toAbsolutePath()), run.err());
        assertFalse(Files.exists(dir.resolve("b.db")));
    }

    @Test
    void backupThenRestore_intoANewDirectory_andAgain_keepsThePreviousAside() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (SqliteDocumentStore store = SqliteDocumentStore.inDirectory(data)) {
            store.create("doc", "Doc", new DocumentSnapshot(0, Delta.ofText("hello\n")), Instant.now());
        }
        Path backup = dir.resolve("nested/backup.db");
        Run taken = DataDirectoryLockTest.run(new BackupCommand(), "--data", data.toString(),
                "--to", backup.toString());
        assertEquals(0, taken.exit(), taken.err());
        assertTrue(taken.out().contains("backup written to " + backup.toAbsolutePath()), taken.out());

        Path target = dir.resolve("new-machine");
        Run first = DataDirectoryLockTest.run(new RestoreCommand(), "--data", target.toString(),
                "--from", backup.toString());
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().matches("(?s)restored .* \\(schema version \\d+\\) into .*"), first.out());
        Run second = DataDirectoryLockTest.run(new RestoreCommand(), "--data", target.toString(),
                "--from", backup.toString());
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("the previous database is in " + target.resolve("before-restore-")),
                second.out());
        try (SqliteDocumentStore restored = SqliteDocumentStore.inDirectory(target)) {
            assertEquals("hello\n", ((dev.quire.ot.Op.Insert) restored.load("doc").orElseThrow().snapshot().content()
                    .ops().get(0)).text());
        }
    }

    @Test
    void restoreOfSomethingElse_failsSayingWhy_andLeavesTheDirectoryAlone() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a database at all, but long enough to look");
        Path data = dir.resolve("data");
        Run run = DataDirectoryLockTest.run(new RestoreCommand(), "--data", data.toString(),
                "--from", notes.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("quire restore: " + notes + " cannot be restored: it is not a readable SQLite"),
                run.err());
        assertFalse(Files.exists(data.resolve(SqliteDocumentStore.FILE_NAME)));
    }
}
