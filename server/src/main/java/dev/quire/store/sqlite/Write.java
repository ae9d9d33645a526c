package dev.quire.store.sqlite;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * One write waiting for the writer thread: it runs inside a group commit, in a savepoint of its
 * own (or alone in the transaction), and its future is completed once the whole transaction's fate is known.
 *
 * @param <T> what the caller gets when it is durable
 */
abstract class Write<T> {
    final CompletableFuture<T> future = new CompletableFuture<>();

    /**
     * Makes the change on the writer's connection, inside the open transaction.
     *
     * @throws Refused for an expected outcome that changes nothing (a version conflict, an
     *                 unknown document): only this write fails, the batch goes on
     * @throws SQLException for a failure of the storage; SQLite constraint violations are turned
     *                      into a refusal of this write by the writer
     */
    abstract T apply(SqlConnection db) throws SQLException, Refused;

    /** An expected "no" to one write, carrying the exception its future completes with. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient RuntimeException outcome;

        Refused(RuntimeException outcome) {
            super(outcome.getMessage(), null, false, false);
            this.outcome = outcome;
        }
    }
}
