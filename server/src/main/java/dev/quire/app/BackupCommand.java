package dev.quire.app;

import dev.quire.store.StorageException;
import dev.quire.store.sqlite.SqliteBackup;
import dev.quire.store.sqlite.SqliteDocumentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/**
 * {@code quire backup --data DIR --to FILE}: a consistent copy of the database in {@code DIR}, taken while a
 * server runs on it or not (SQLite lets a second process read beside the writer; see {@link SqliteBackup}).
 * Exit codes: 0 done, 1 the copy failed, 2 bad arguments (picocli's usage error).
 */
@Command(name = "backup",
        description = "Copies the database of a data directory into one file, consistently, also while a server"
                + " runs on it.")
public final class BackupCommand implements Callable<Integer> {
    static final int EXIT_FAILED = OperatorOptions.EXIT_FAILED;

    @Mixin
    OperatorOptions options;

    @Option(names = "--to", required = true, paramLabel = "FILE",
            description = "The backup file to write; it must not exist.")
    Path to;

    @Override
    public Integer call() {
        Integer refused = options.refusal("back it up with PostgreSQL's tools, e.g. pg_dump --format=custom"
                + " --file=quire.dump DBNAME (consistent while the nodes run).");
        if (refused != null) {
            return refused;
        }
        Path database = options.data.resolve(SqliteDocumentStore.FILE_NAME);
        if (!Files.isRegularFile(database)) {
            return options.fail("no Quire database in " + options.data.toAbsolutePath() + " (expected "
                    + SqliteDocumentStore.FILE_NAME + ")");
        }
        try {
            long bytes = SqliteBackup.copy(database, to);
            options.say("backup written to " + to.toAbsolutePath() + " (" + bytes + " bytes)");
            return 0;
        } catch (StorageException e) {
            return options.fail(e.getMessage());
        }
    }
}
