package dev.quire.collab;

import java.time.Duration;

/**
 * The byte bounds of document history, beside the counts of {@link HubSettings}: what a hub keeps in memory, how
 * much history it reads to bring a client up to date, when it stores a snapshot, and how many bytes of ops may be
 * written per hour. Counts alone let a few hundred near-megabyte ops (an insert and its delete, again and again,
 * with the document staying small) fill memory and disk. Sizes are {@link dev.quire.store.CommittedOp#estimatedBytes()
 * estimates}. Immutable; validated on construction.
 *
 * @param recentOps             bytes of committed ops each hub keeps in memory (and at most
 *                              {@link HubSettings#recentOpsKept()} ops)
 * @param catchUp               bytes of ops the hub reads to bring a client up to date: a resume that missed more
 *                              gets the full content instead, an op whose base is further behind is refused with
 *                              {@link ErrorCode#VERSION_TOO_OLD}
 * @param snapshotEvery         a snapshot is stored once the ops since the last one reach this many bytes (or twice
 *                              the document's length, if that is more), so loading a document or one of its
 *                              versions replays at most about that much
 * @param writePerDocument      bytes of ops that may be written to one document per {@code writeWindow}
 * @param writePerWriter        bytes of ops that one writer (a credential) may write per {@code writeWindow}, across
 *                              documents
 * @param writeWindow           the time the write budgets refill in; each may be spent at once
 */
public record ByteLimits(long recentOps, long catchUp, long snapshotEvery, long writePerDocument, long writePerWriter,
                         Duration writeWindow) {
    public ByteLimits {
        for (long bytes : new long[] {recentOps, catchUp, snapshotEvery, writePerDocument, writePerWriter}) {
            if (bytes < 1) {
                throw new IllegalArgumentException("byte limits must be positive: " + bytes);
            }
        }
        if (writeWindow == null || writeWindow.isNegative() || writeWindow.isZero()) {
            throw new IllegalArgumentException("writeWindow must be positive: " + writeWindow);
        }
    }

    /**
     * 4 MiB of recent ops kept, 8 MiB of catch-up, a snapshot every 8 MiB of ops; 64 MiB an hour written per
     * document, 128 MiB an hour per writer.
     */
    public static ByteLimits defaults() {
        return new ByteLimits(4L << 20, 8L << 20, 8L << 20, 64L << 20, 128L << 20, Duration.ofHours(1));
    }

    /** With write budgets of {@code perDocument} and {@code perWriter} bytes per {@code window}. */
    public ByteLimits withWriteBudget(long perDocument, long perWriter, Duration window) {
        return new ByteLimits(recentOps, catchUp, snapshotEvery, perDocument, perWriter, window);
    }

    public ByteLimits withRecentOps(long bytes) {
        return new ByteLimits(bytes, catchUp, snapshotEvery, writePerDocument, writePerWriter, writeWindow);
    }

    public ByteLimits withCatchUp(long bytes) {
        return new ByteLimits(recentOps, bytes, snapshotEvery, writePerDocument, writePerWriter, writeWindow);
    }
}
