package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.store.sqlite.SqliteDocumentStore;
import dev.quire.testkit.ServerProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One process per data directory: a second server, or a restore, on a directory in use fails at once. */
@Tag("heavy")
class DataDirectoryLockTest {
    @TempDir
    Path dir;

    private ServerConfig config(Path data) {
        return new ServerConfig("127.0.0.1", 0, data);
    }

    @Test
    void secondApplicationOnTheSameDirectory_isRefusedNamingIt_andStopReleasesTheDirectory() throws Exception {
        Path data = dir.resolve("data");
        QuireApplication first = QuireApplication.builder(config(data)).build();
        try {
            first.start();
            DataDirectoryLock.InUseException refused = assertThrows(DataDirectoryLock.InUseException.class,
                    () -> QuireApplication.builder(config(data)).build());
            assertTrue(refused.getMessage().contains(data.toAbsolutePath().toString()), refused.getMessage());
            assertTrue(refused.getMessage().contains("in use by another Quire process"), refused.getMessage());
        } finally {
            first.stop();
        }
        QuireApplication restarted = QuireApplication.builder(config(data)).build();
        restarted.start();
        restarted.stop();
    }

    @Test
    void applicationThatNeverStarted_releasesTheDirectoryOnStop() throws Exception {
        Path data = dir.resolve("data");
        QuireApplication.builder(config(data)).build().stop();
        QuireApplication next = QuireApplication.builder(config(data)).build();
        next.stop();
    }

    @Test
    void serverInAnotherProcess_blocksAServerAndARestoreHere_untilItExits() throws Exception {
        ServerProcess server = new ServerProcess(dir, 0);
        Path data = dir.resolve("data");
        try {
            DataDirectoryLock.InUseException refused = assertThrows(DataDirectoryLock.InUseException.class,
                    () -> QuireApplication.builder(config(data)).build());
            assertTrue(refused.getMessage().contains("(pid " + server.process.pid() + ")"), refused.getMessage());

            Path backup = dir.resolve("backup.db");
            assertEquals(0, run(new BackupCommand(), "--data", data.toString(), "--to", backup.toString()).exit(),
                    "a backup works while the server runs");
            Run restore = run(new RestoreCommand(), "--data", data.toString(), "--from", backup.toString());
            assertEquals(1, restore.exit());
            assertTrue(restore.err().contains("in use by another Quire process"), restore.err());
            assertTrue(restore.err().contains("stop the server before restoring"), restore.err());
            try (var files = Files.list(data)) {
                assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("before-restore")),
                        "the refused restore moved nothing");
            }
            server.terminate(Duration.ofSeconds(90));
            assertFalse(DataDirectoryLock.isHeld(data), "the lock went with the process");
            Run restoreAfter = run(new RestoreCommand(), "--data", data.toString(), "--from", backup.toString());
            assertEquals(0, restoreAfter.exit(), restoreAfter.err());
            assertTrue(Files.exists(data.resolve(SqliteDocumentStore.FILE_NAME)));
        } finally {
            server.process.destroyForcibly();
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
