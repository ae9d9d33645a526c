package dev.quire.store;

import dev.quire.ot.Delta;
import java.time.Instant;
import java.util.Objects;

/**
 * One op of a document's log, as committed: the change that turned version {@code version - 1}
 * into {@code version}, already transformed against everything before it.
 *
 * @param version     the document version this op produced (the first op produces 1)
 * @param clientId    the client that submitted it (for exactly-once: with {@code seq}, unique per document)
 * @param seq         the client's sequence number for it
 * @param delta       the change as applied
 * @param author      display name of the author at the time, for history
 * @param committedAt when the hub sequenced it
 */
public record CommittedOp(long version, String clientId, long seq, Delta delta, String author, Instant committedAt) {
    public CommittedOp {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1: " + version);
        }
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(committedAt, "committedAt");
    }
}
