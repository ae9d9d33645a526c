package dev.quire.store.sqlite;

import java.time.Duration;

/**
 * Tuning of the SQLite store.
 *
 * @param synchronous     SQLite's {@code synchronous} pragma. {@link Synchronous#FULL} (the default)
 *                        syncs the WAL on every commit, so an acknowledged op survives power loss;
 *                        {@link Synchronous#NORMAL} survives a process crash only, not an OS crash
 *                        or power cut, and exists for benchmarks
 * @param readConnections connections for reads, used beside the writer's
 * @param maxBatch        most writes in one group commit (bounds a transaction's size and latency)
 * @param busyTimeout     how long a connection waits for a lock held by another process
 */
public record SqliteSettings(Synchronous synchronous, int readConnections, int maxBatch, Duration busyTimeout) {

    /** The {@code synchronous} levels that are safe in WAL mode against a process crash. */
    public enum Synchronous { FULL, NORMAL }

    public SqliteSettings {
        if (readConnections < 1) {
            throw new IllegalArgumentException("readConnections must be >= 1: " + readConnections);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1: " + maxBatch);
        }
    }

    public static SqliteSettings defaults() {
        return new SqliteSettings(Synchronous.FULL, 2, 1_000, Duration.ofSeconds(5));
    }

    public SqliteSettings withSynchronous(Synchronous level) {
        return new SqliteSettings(level, readConnections, maxBatch, busyTimeout);
    }

    public SqliteSettings withMaxBatch(int max) {
        return new SqliteSettings(synchronous, readConnections, max, busyTimeout);
    }
}
