package dev.quire.collab;

import java.time.Duration;

/**
 * What the document hubs tell whoever measures them (the {@code app} wires a Micrometer implementation; {@code
 * collab} never sees it). Every method has a no-op default, so an implementation overrides what it counts.
 *
 * <p>Called from the documents' sequences and from the store's commit thread, concurrently for different
 * documents: implementations must be thread-safe, fast and must not throw (a throw on the commit path would
 * count as a failed commit).
 */
public interface HubMetrics {

    /** Measures nothing. */
    HubMetrics NONE = new HubMetrics() {
    };

    /**
     * An op was applied to a document (and handed to storage).
     *
     * @param transformed true if other ops had been committed since the op's base version, so it was transformed
     *                    against them (a concurrent edit)
     */
    default void opApplied(boolean transformed) {
    }

    /** An op became durable, {@code sinceSubmit} after the hub received it (queueing, transform, commit, fsync). */
    default void opCommitted(Duration sinceSubmit) {
    }

    /**
     * A committed op was handed to its {@code recipients} (the author's ack not counted), {@code fanOut} after its
     * commit completed: the time until the last recipient's transport accepted the message for sending.
     */
    default void broadcast(int recipients, Duration fanOut) {
    }

    /** An op (or batch) was refused because the store's write queue was full (it may be sent again later). */
    default void storeBusy() {
    }

    /** A commit failed: the document's sessions are closed and it reloads from storage. */
    default void commitFailed() {
    }

    /**
     * Cluster mode: the store's answer to an append held {@code ops} that other nodes had committed first (the
     * append was rebased past them: a commit conflict resolved without a retry).
     */
    default void othersCommittedFirst(int ops) {
    }

    /** Cluster mode: {@code ops} committed by other nodes were read from the store to close a gap (a catch-up). */
    default void caughtUp(int ops) {
    }
}
