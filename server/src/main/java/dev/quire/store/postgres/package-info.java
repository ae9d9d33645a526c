/**
 * The cluster {@link dev.quire.store.DocumentStore}: PostgreSQL shared by several Quire nodes, schema by Flyway
 * migrations ({@code db/postgresql}), appends of all documents committed by one writer thread per node in group
 * commits, each document's head checked under its row lock, reads on the pool beside it.
 *
 * <p>Public: {@link dev.quire.store.postgres.PostgresDocumentStore} with its webhook and grant stores, and {@link
 * dev.quire.store.postgres.PostgresUrl}, the {@code --database} setting's parser.
 */
package dev.quire.store.postgres;
