/**
 * Storage of documents: metadata, the op log with a unique (document, version), and snapshots.
 *
 * <p>{@link dev.quire.store.DocumentStore} is the seam between the collaboration hub and a
 * database: the embedded default and, later, PostgreSQL for cluster mode. Every implementation
 * passes the same contract test. The in-memory implementations in the tests are the reference.
 */
package dev.quire.store;
