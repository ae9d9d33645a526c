package dev.quire.app;

import dev.quire.auth.AccessGrantStore;
import dev.quire.store.AppendAdmission;
import dev.quire.store.Backups;
import dev.quire.store.DocumentStore;
import dev.quire.store.StorageMetrics;
import dev.quire.webhook.WebhookStore;
import dev.quire.store.postgres.PostgresDocumentStore;
import dev.quire.store.postgres.PostgresSettings;
import dev.quire.store.sqlite.SqliteBackups;
import dev.quire.store.sqlite.SqliteDocumentStore;
import dev.quire.store.sqlite.SqliteSettings;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores Quire runs on, as {@code --database} chooses: the embedded SQLite file in the data directory (the
 * default), or a PostgreSQL database that several nodes share (cluster mode). The documents, webhooks and grants are
 * always in one database, so a save and its webhook deliveries are one transaction.
 *
 * @param documents the document store; closing it closes the others
 * @param backups   online backups ({@code /api/admin/backups}); null with PostgreSQL, whose own tools (pg_dump) do it
 */
record StoreChoice(DocumentStore documents, WebhookStore webhooks, AccessGrantStore grants, Backups backups) {
    private static final Logger log = LoggerFactory.getLogger(StoreChoice.class);

    /** SQLite in {@code data} ({@code quire.db}): WAL, synchronous=FULL, schema by Flyway at open. */
    static StoreChoice sqlite(Path data, Path backupDirectory, StorageMetrics metrics, AppendAdmission admission,
                              Clock clock) {
        SqliteDocumentStore sqlite = SqliteDocumentStore.open(data.resolve(SqliteDocumentStore.FILE_NAME),
                SqliteSettings.defaults(), metrics, admission);
        // VACUUM INTO on a connection of its own: a consistent copy while the writer goes on (SqliteBackup).
        return new StoreChoice(sqlite, sqlite.webhooks(), sqlite.accessGrants(),
                new SqliteBackups(data.resolve(SqliteDocumentStore.FILE_NAME), backupDirectory, clock));
    }

    /** PostgreSQL: the schema is migrated at open (nodes starting together take turns). */
    static StoreChoice postgres(PostgresSettings settings, StorageMetrics metrics, AppendAdmission admission) {
        log.info("storage: PostgreSQL at {}", settings.url()); // its toString masks the password
        PostgresDocumentStore postgres = PostgresDocumentStore.open(settings, metrics, admission);
        return new StoreChoice(postgres, postgres.webhooks(), postgres.accessGrants(), null);
    }
}
