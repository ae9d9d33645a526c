/**
 * The embedded default {@link dev.quire.store.DocumentStore}: one SQLite file in the data
 * directory, schema by Flyway migrations ({@code db/migration}), ops committed by one writer thread
 * in group commits, reads on a small pool of separate connections beside it (WAL).
 *
 * <p>Only {@link dev.quire.store.sqlite.SqliteDocumentStore} and its settings are public.
 */
package dev.quire.store.sqlite;
