package dev.quire.store.sqlite;

import dev.quire.store.PrivateFiles;
import dev.quire.store.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Puts a backup in place of a data directory's database, offline (the caller makes sure no server uses the
 * directory). The backup is first copied into the directory and checked there - a SQLite file that passes
 * {@code quick_check}, with Quire's tables, at a schema version this build knows (it is migrated forward at the
 * next start) - and only then does the current database move aside, into {@code before-restore-<UTC time>/},
 * never deleted.
 */
public final class SqliteRestore {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** SQLite's companions of a database file in WAL mode: they belong to it and move with it. */
    private static final List<String> COMPANIONS = List.of("", "-wal", "-shm");

    private SqliteRestore() {
    }

    /**
     * What a restore did.
     *
     * @param schemaVersion the backup's schema version (Flyway's), e.g. {@code 3}
     * @param previous      where the database it replaced went, or null if the directory had none
     */
    public record Outcome(String schemaVersion, Path previous) {
    }

    /**
     * Replaces {@code dataDirectory}'s {@value SqliteDocumentStore#FILE_NAME} by {@code backup}.
     *
     * @throws StorageException naming the reason if the backup is not a Quire database this build can open, or a
     *                          file cannot be copied or moved; the directory is then as it was
     */
    public static Outcome restore(Path dataDirectory, Path backup, Instant at) {
        if (!Files.isRegularFile(backup)) {
            throw new StorageException("no backup file at " + backup);
        }
        Path live = dataDirectory.resolve(SqliteDocumentStore.FILE_NAME);
        Path incoming = dataDirectory.resolve(SqliteDocumentStore.FILE_NAME + ".restoring");
        try {
            PrivateFiles.createDirectories(dataDirectory);
            Files.deleteIfExists(incoming);
            // Into a file made 0600 first, so the copy is never readable by others, not even for a moment.
            PrivateFiles.createOrRestrict(incoming);
            try (InputStream in = Files.newInputStream(backup);
                 OutputStream out = Files.newOutputStream(incoming, StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            }
            String version;
            try {
                version = check(incoming);
            } catch (StorageException e) {
                Files.deleteIfExists(incoming);
                throw new StorageException(backup + " cannot be restored: " + e.getMessage(), e);
            }
            Path previous = moveAside(dataDirectory, live, at);
            Files.move(incoming, live, StandardCopyOption.ATOMIC_MOVE);
            return new Outcome(version, previous);
        } catch (IOException e) {
            throw new StorageException("restore of " + backup + " into " + dataDirectory + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code file} is a sound Quire database whose schema this build can migrate.
     *
     * @return its schema version
     * @throws StorageException saying what is wrong
     */
    static String check(Path file) {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        SQLiteConfig config = new SQLiteConfig();
        try (Connection db = config.createConnection(url); Statement statement = db.createStatement()) {
            try (ResultSet ok = statement.executeQuery("PRAGMA quick_check")) {
                String result = ok.next() ? ok.getString(1) : "no answer";
                if (!"ok".equals(result)) {
                    throw new StorageException("the file is damaged (quick_check: " + result + ")");
                }
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            if (!tables.contains("flyway_schema_history") || !tables.contains("documents")) {
                throw new StorageException("it is not a Quire database (no schema history or documents table)");
            }
        } catch (SQLException e) {
            throw new StorageException("it is not a readable SQLite database: " + e.getMessage(), e);
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
        MigrationInfo[] all = Flyway.configure(SqliteRestore.class.getClassLoader())
                .dataSource(dataSource).locations(Database.MIGRATIONS).load().info().all();
        String current = null;
        for (MigrationInfo migration : all) {
            MigrationState state = migration.getState();
            if (state.isFailed()) {
                throw new StorageException("its schema migration " + migration.getVersion() + " failed");
            }
            if (state == MigrationState.FUTURE_SUCCESS) {
                throw new StorageException("its schema version " + migration.getVersion()
                        + " is newer than this build of Quire knows; restore it with a newer Quire");
            }
            if (state.isApplied() && migration.getVersion() != null) {
                current = migration.getVersion().getVersion();
            }
        }
        if (current == null) {
            throw new StorageException("it has no applied schema migration");
        }
        return current;
    }

    private static Path moveAside(Path dataDirectory, Path live, Instant at) throws IOException {
        if (!Files.exists(live)) {
            return null;
        }
        Path aside = dataDirectory.resolve("before-restore-" + STAMP.format(at));
        for (int n = 2; Files.exists(aside); n++) {
            aside = dataDirectory.resolve("before-restore-" + STAMP.format(at) + "-" + n);
        }
        PrivateFiles.createDirectories(aside);
        for (String suffix : COMPANIONS) {
            Path file = live.resolveSibling(live.getFileName() + suffix);
            if (Files.exists(file)) {
                Files.move(file, aside.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return aside;
    }
}
