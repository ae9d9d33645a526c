package dev.quire.store.sqlite;

import dev.quire.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opening the file: connection settings shared by every connection, and the schema migrations.
 *
 * <p>Every connection gets WAL journalling (readers never block the writer nor it them; a commit
 * appends to the log instead of rewriting pages), the configured {@code synchronous} level, foreign
 * keys on (SQLite's default is off) and a busy timeout, for locks held by another process such as
 * a backup or a second server started on the same directory by mistake.
 *
 * <p>The file and its companions are readable by their owner only ({@link #keepPrivate()}).
 */
final class Database {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** The files SQLite keeps beside the database in WAL mode. */
    private static final List<String> COMPANIONS = List.of("-wal", "-shm");

    /** Where the migrations are, on the class path ({@code V1__documents.sql}, …). */
    static final String MIGRATIONS = "classpath:db/migration";

    private final Path file;
    private final String url;
    private final SqliteSettings settings;

    Database(Path file, SqliteSettings settings) {
        this.file = file;
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.settings = settings;
    }

    /**
     * Before SQLite opens the file: creates it empty with mode 0600 if it is new - SQLite gives the WAL and
     * shared-memory files it creates the database's mode - and narrows an existing database and companions that
     * group or others could read (made by an older version or another tool), saying so once.
     */
    void keepPrivate() throws IOException {
        List<String> narrowed = new ArrayList<>();
        if (PrivateFiles.createOrRestrict(file)) {
            narrowed.add(file.getFileName().toString());
        }
        for (String suffix : COMPANIONS) {
            Path companion = file.resolveSibling(file.getFileName() + suffix);
            if (PrivateFiles.restrict(companion)) {
                narrowed.add(companion.getFileName().toString());
            }
        }
        if (!narrowed.isEmpty()) {
            log.info("made {} readable by their owner only; group or others had access", narrowed);
        }
    }

    /** Creates or upgrades the schema to the newest migration; a no-op when it is current. */
    void migrate() {
        SQLiteDataSource dataSource = new SQLiteDataSource(config());
        dataSource.setUrl(url);
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .load()
                .migrate();
    }

    /** The writer's connection. */
    SqlConnection openWriter() throws SQLException {
        return new SqlConnection(connectionConfig().createConnection(url));
    }

    /** A reader's connection: refuses writes, so a mistake cannot bypass the writer's ordering. */
    SqlConnection openReader() throws SQLException {
        SqlConnection connection = new SqlConnection(connectionConfig().createConnection(url));
        connection.execute("PRAGMA query_only = ON");
        return connection;
    }

    /**
     * The store's own connections. Quire never asks for generated keys, and with them on (the driver's default)
     * every INSERT runs a second statement, {@code SELECT last_insert_rowid()}, made afresh each time: in the
     * one-typist load profile that was a tenth of the writer thread's time.
     */
    private SQLiteConfig connectionConfig() {
        SQLiteConfig config = config();
        config.setGetGeneratedKeys(false);
        return config;
    }

    private SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(switch (settings.synchronous()) {
            case FULL -> SQLiteConfig.SynchronousMode.FULL;
            case NORMAL -> SQLiteConfig.SynchronousMode.NORMAL;
        });
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis()));
        return config;
    }
}
