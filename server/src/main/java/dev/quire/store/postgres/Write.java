package dev.quire.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One write waiting for the node's writer: it runs inside a group commit, in a savepoint of its own (unless {@link
 * #writesOnceAfterItsChecks}), and its future is completed once the whole transaction's fate is known.
 *
 * @param <T> what the caller gets when it is durable
 */
abstract class Write<T> {
    final CompletableFuture<T> future = new CompletableFuture<>();

    /**
     * The document whose row this write changes or whose head it checks, or null: the writer locks these rows, in id
     * order, before any write of the batch runs.
     */
    String documentId() {
        return null;
    }

    /**
     * Whether this write inserts the row of {@link #documentId()}: there is no row to lock yet, so the writer takes a
     * transaction lock on the id instead (two nodes creating the same ids in another order would deadlock on the key).
     */
    boolean createsDocument() {
        return false;
    }

    /**
     * Makes the change inside the open transaction, with the rows of {@link #documentId()} locked. A head this write
     * moves is not written to the document's row here: the writer writes {@code heads} once the batch has run, and
     * a write that reads a head reads it through {@code heads}.
     *
     * @throws Refused for an expected outcome that changes nothing (a version conflict, an unknown document)
     * @throws SQLException for a failure of the storage; integrity violations are turned into a refusal of this
     *                      write by the writer
     */
    abstract T apply(Connection db, MovedHeads heads) throws SQLException, Refused;

    /**
     * Whether this write changes the database with at most one statement, run after every check that can refuse it:
     * it needs no savepoint of its own (two round trips inside the batch's locks), as a refusal leaves nothing to
     * undo. A failure of that one statement then fails the whole batch, integrity violations included.
     */
    boolean writesOnceAfterItsChecks() {
        return false;
    }

    /** The document and version this write made its head, once it has run; null if it made none. */
    Head committedHead() {
        return null;
    }

    /**
     * A document's committed head version and the instant of its last op: what the writer stores in the document's
     * row and announces after the commit.
     */
    record Head(String documentId, long version, Instant at) {
    }

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
