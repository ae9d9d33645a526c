package dev.quire.store.postgres;

import java.util.Objects;

/**
 * How a node connects to the shared database.
 *
 * @param url         where it is, with its credentials
 * @param schema      the schema Quire's tables are in (created by the migrations if missing), or null for the
 *                    user's default ({@code public})
 * @param connections the pool's size: the writer takes one per group commit, reads the others
 * @param maxBatch    writes committed in one transaction at most
 */
public record PostgresSettings(PostgresUrl url, String schema, int connections, int maxBatch) {
    public PostgresSettings {
        Objects.requireNonNull(url, "url");
        if (connections < 2 || maxBatch < 1) {
            throw new IllegalArgumentException("a pool of at least 2 connections (writer and a reader) and batches of"
                    + " at least 1 write: " + connections + ", " + maxBatch);
        }
        if (schema != null && !schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("a schema name is lower-case letters, digits and _: " + schema);
        }
    }

    /** The defaults for {@code url}, in its default schema. */
    public static PostgresSettings of(PostgresUrl url) {
        return new PostgresSettings(url, null, 8, 1_000);
    }

    public PostgresSettings inSchema(String name) {
        return new PostgresSettings(url, name, connections, maxBatch);
    }
}
