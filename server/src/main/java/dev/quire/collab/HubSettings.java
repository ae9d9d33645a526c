package dev.quire.collab;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of document hubs.
 *
 * @param maxTransformDistance how many versions behind an op's base may be; older bases get
 *                             {@link ErrorCode#VERSION_TOO_OLD} (bounds the work one op can cost)
 * @param recentOpsKept        committed ops each hub keeps in memory for transforms and resumes;
 *                             older ones are read from the store
 * @param snapshotEvery        a snapshot is stored every this many versions
 * @param unloadGrace          how long a document stays loaded after its last participant left
 * @param maxDocumentLength    largest document length (UTF-16 units) an op may produce
 * @param autosaveIdle         an autosave follows this long after the last edit (idle debounce)
 * @param autosaveMaxWait      ... or at the latest this long after the first edit not yet saved, so a document
 *                             edited without pause is still saved now and then
 * @param bytes                the byte bounds of history kept, read and written
 */
public record HubSettings(int maxTransformDistance, int recentOpsKept, int snapshotEvery, Duration unloadGrace,
                          int maxDocumentLength, Duration autosaveIdle, Duration autosaveMaxWait, ByteLimits bytes) {
    public HubSettings {
        if (autosaveIdle.isNegative() || autosaveIdle.isZero() || autosaveMaxWait.compareTo(autosaveIdle) < 0) {
            throw new IllegalArgumentException("autosave: idle must be positive and max wait at least idle");
        }
        Objects.requireNonNull(bytes, "bytes");
    }

    /** With the default byte bounds. */
    public HubSettings(int maxTransformDistance, int recentOpsKept, int snapshotEvery, Duration unloadGrace,
                       int maxDocumentLength, Duration autosaveIdle, Duration autosaveMaxWait) {
        this(maxTransformDistance, recentOpsKept, snapshotEvery, unloadGrace, maxDocumentLength, autosaveIdle,
                autosaveMaxWait, ByteLimits.defaults());
    }

    public HubSettings withBytes(ByteLimits limits) {
        return new HubSettings(maxTransformDistance, recentOpsKept, snapshotEvery, unloadGrace, maxDocumentLength,
                autosaveIdle, autosaveMaxWait, limits);
    }

    public static HubSettings defaults() {
        return new HubSettings(10_000, 1_000, 500, Duration.ofSeconds(30), 10_000_000, Duration.ofSeconds(2),
                Duration.ofSeconds(30));
    }

    public HubSettings withUnloadGrace(Duration grace) {
        return new HubSettings(maxTransformDistance, recentOpsKept, snapshotEvery, grace, maxDocumentLength,
                autosaveIdle, autosaveMaxWait, bytes);
    }

    public HubSettings withMaxDocumentLength(int length) {
        return new HubSettings(maxTransformDistance, recentOpsKept, snapshotEvery, unloadGrace, length,
                autosaveIdle, autosaveMaxWait, bytes);
    }

    public HubSettings withAutosave(Duration idle, Duration maxWait) {
        return new HubSettings(maxTransformDistance, recentOpsKept, snapshotEvery, unloadGrace, maxDocumentLength,
                idle, maxWait, bytes);
    }
}
