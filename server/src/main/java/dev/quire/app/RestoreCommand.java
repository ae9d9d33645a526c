package dev.quire.app;

import dev.quire.store.PrivateFiles;
import dev.quire.store.StorageException;
import dev.quire.store.sqlite.SqliteRestore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/**
 * {@code quire restore --data DIR --from FILE}: puts a backup in place of the database in {@code DIR}, offline.
 * It takes the data directory's lock for its whole run, so it refuses while a server runs there (and a server
 * cannot start in the middle of it); it checks the backup before touching anything, and moves the previous
 * database aside instead of deleting it (see {@link SqliteRestore}). Exit codes: 0 done, 1 refused or failed
 * (the directory is as it was), 2 bad arguments.
 */
@Command(name = "restore",
        description = "Replaces the database of a data directory by a backup. The server must be stopped; the"
                + " previous database is kept in DIR/before-restore-<time>/.")
public final class RestoreCommand implements Callable<Integer> {
    static final int EXIT_FAILED = OperatorOptions.EXIT_FAILED;

    @Mixin
    OperatorOptions options;

    @Option(names = "--from", required = true, paramLabel = "FILE",
            description = "The backup file (from 'quire backup' or POST /api/admin/backups).")
    Path from;

    @Override
    public Integer call() {
        Integer refused = options.refusal("restore a pg_dump backup with pg_restore --clean --dbname=DBNAME"
                + " quire.dump while every Quire node is stopped.");
        if (refused != null) {
            return refused;
        }
        try {
            PrivateFiles.createDirectories(options.data);
        } catch (IOException e) {
            return options.fail("cannot use " + options.data.toAbsolutePath() + " as data directory: "
                    + e.getMessage());
        }
        try (DataDirectoryLock ignored = DataDirectoryLock.acquire(options.data)) {
            SqliteRestore.Outcome outcome = SqliteRestore.restore(options.data, from, Instant.now());
            options.say("restored " + from.toAbsolutePath() + " (schema version "
                    + outcome.schemaVersion() + ") into " + options.data.toAbsolutePath()
                    + (outcome.previous() != null ? "; the previous database is in " + outcome.previous() : ""));
            return 0;
        } catch (DataDirectoryLock.InUseException e) {
            return options.fail(e.getMessage() + " - stop the server before restoring");
        } catch (IOException | StorageException e) {
            return options.fail(e.getMessage());
        }
    }
}
