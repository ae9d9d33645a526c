/**
 * The embedded default {@link dev.quire.store.DocumentStore}: one SQLite file in the data
 * directory, schema by Flyway migrations ({@code db/migration}), ops committed by one writer thread
 * in group commits, reads on a small pool of separate connections beside it (WAL).
 *
 * <p>Public: {@link dev.quire.store.sqlite.SqliteDocumentStore} and its settings, and for operators the backup
 * ({@link dev.quire.store.sqlite.SqliteBackup}, {@link dev.quire.store.sqlite.SqliteBackups}) and the offline
 * restore ({@link dev.quire.store.sqlite.SqliteRestore}) of the file.
 */
package dev.quire.store.sqlite;
