package dev.quire.store;

import java.time.Duration;

/**
 * The bound on a store's queue of appends: ops admitted ({@link #reserve}) and not yet completed, counted in ops and
 * in their {@link CommittedOp#estimatedBytes()}. A full queue refuses at once with {@link StorageBusyException}
 * instead of growing, so a writer that cannot keep up shows as a refusal to the clients, not as memory.
 *
 * <p>Only appends are counted: they are what clients can send without limit. Creates, renames, deletes, saves,
 * snapshots and webhook outbox writes share the writer but are not refused here (they are few, or at most one per
 * so many admitted ops, and refusing them would lose them).
 *
 * <p>One append larger than the whole bound is admitted when nothing else is queued, so that it can always go
 * through eventually; the queue then holds at most that one.
 *
 * <p>Thread-safe.
 */
public final class AppendAdmission {
    /** Ops queued at most by default. */
    public static final long DEFAULT_MAX_OPS = 50_000;
    /** Bytes queued at most by default. */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;
    /** The retry hint of a refusal by default. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private final long maxOps;
    private final long maxBytes;
    private final Duration retryAfter;
    private long ops; // guarded by this
    private long bytes; // guarded by this

    /**
     * @param retryAfter the hint a refusal carries: a full queue of the default size drains in well under a second on
     *     a working disk, so about that long is enough and does not make every refused client come back at once
     */
    public AppendAdmission(long maxOps, long maxBytes, Duration retryAfter) {
        if (maxOps < 1 || maxBytes < 1 || retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("bounds must be positive: " + maxOps + " ops, " + maxBytes
                    + " bytes, retry after " + retryAfter);
        }
        this.maxOps = maxOps;
        this.maxBytes = maxBytes;
        this.retryAfter = retryAfter;
    }

    public AppendAdmission(long maxOps, long maxBytes) {
        this(maxOps, maxBytes, DEFAULT_RETRY_AFTER);
    }

    /** The default bounds. */
    public static AppendAdmission defaults() {
        return new AppendAdmission(DEFAULT_MAX_OPS, DEFAULT_MAX_BYTES);
    }

    /**
     * Admits an append of {@code count} ops of {@code size} estimated bytes in all.
     *
     * @throws StorageBusyException if the queue would hold more than its bounds (nothing is reserved then)
     */
    public synchronized AppendReservation reserve(int count, long size) {
        if (count < 1 || size < 0) {
            throw new IllegalArgumentException("an append is at least one op: " + count + " ops, " + size + " bytes");
        }
        if (ops > 0 && (ops + count > maxOps || bytes + size > maxBytes)) {
            throw new StorageBusyException("the store's write queue is full (" + ops + " ops, " + bytes
                    + " bytes queued; the bounds are " + maxOps + " ops and " + maxBytes + " bytes)", retryAfter);
        }
        ops += count;
        bytes += size;
        return new AppendReservation(this, count, size);
    }

    synchronized void release(int count, long size) {
        ops -= count;
        bytes -= size;
    }

    /** Ops admitted and not yet completed. */
    public synchronized long queuedOps() {
        return ops;
    }

    /** Estimated bytes of the ops admitted and not yet completed. */
    public synchronized long queuedBytes() {
        return bytes;
    }
}
