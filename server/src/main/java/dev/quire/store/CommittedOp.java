package dev.quire.store;

import dev.quire.ot.Delta;
import dev.quire.ot.DeltaSize;
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
    /** The fixed part of {@link #estimatedBytes()}: version, seq, time, the row and object around them. */
    public static final int OVERHEAD_BYTES = 64;

    public CommittedOp {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1: " + version);
        }
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(committedAt, "committedAt");
    }

    /**
     * About how many bytes this op takes in memory, in the op log and on the wire ({@link DeltaSize}): what the
     * byte bounds of history kept, sent and written count. Linear in the delta's ops.
     */
    public long estimatedBytes() {
        return estimatedBytes(delta, clientId, author);
    }

    /** {@link #estimatedBytes()} of the op {@code delta} will be once committed by {@code clientId} as {@code author}. */
    public static long estimatedBytes(Delta delta, String clientId, String author) {
        return OVERHEAD_BYTES + DeltaSize.of(delta) + 2L * (clientId.length() + author.length());
    }
}
