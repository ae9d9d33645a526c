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

    public static HubSettings defaults() {
        return new HubSettings(10_000, 1_000, 500, Duration.ofSeconds(30), 10_000_000, Duration.ofSeconds(2),
                Duration.ofSeconds(30), ByteLimits.defaults());
    }

    /** A builder holding these values, to change some of them by name. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes values of a {@link HubSettings} by name; {@link #build()} checks them as the constructor does. */
    public static final class Builder {
        private int maxTransformDistance;
        private int recentOpsKept;
        private int snapshotEvery;
        private Duration unloadGrace;
        private int maxDocumentLength;
        private Duration autosaveIdle;
        private Duration autosaveMaxWait;
        private ByteLimits bytes;

        private Builder(HubSettings from) {
            maxTransformDistance = from.maxTransformDistance;
            recentOpsKept = from.recentOpsKept;
            snapshotEvery = from.snapshotEvery;
            unloadGrace = from.unloadGrace;
            maxDocumentLength = from.maxDocumentLength;
            autosaveIdle = from.autosaveIdle;
            autosaveMaxWait = from.autosaveMaxWait;
            bytes = from.bytes;
        }

        public Builder maxTransformDistance(int value) {
            maxTransformDistance = value;
            return this;
        }

        public Builder recentOpsKept(int value) {
            recentOpsKept = value;
            return this;
        }

        public Builder snapshotEvery(int value) {
            snapshotEvery = value;
            return this;
        }

        public Builder unloadGrace(Duration value) {
            unloadGrace = value;
            return this;
        }

        public Builder maxDocumentLength(int value) {
            maxDocumentLength = value;
            return this;
        }

        public Builder autosaveIdle(Duration value) {
            autosaveIdle = value;
            return this;
        }

        public Builder autosaveMaxWait(Duration value) {
            autosaveMaxWait = value;
            return this;
        }

        public Builder bytes(ByteLimits value) {
            bytes = value;
            return this;
        }

        public HubSettings build() {
            return new HubSettings(maxTransformDistance, recentOpsKept, snapshotEvery, unloadGrace, maxDocumentLength,
                    autosaveIdle, autosaveMaxWait, bytes);
        }
    }
}
