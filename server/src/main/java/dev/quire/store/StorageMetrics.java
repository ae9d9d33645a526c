package dev.quire.store;

/**
 * What a store implementation tells whoever measures it ({@code app} wires a Micrometer implementation; {@code
 * store} never sees it). No-op defaults. Called from the writer and reader threads: implementations must be
 * thread-safe, fast, and must not throw.
 */
public interface StorageMetrics {

    /** Measures nothing. */
    StorageMetrics NONE = new StorageMetrics() {
    };

    /** A write transaction failed; every write in it failed with a {@link StorageException}. */
    default void writeFailed() {
    }

    /** A read failed with a {@link StorageException} (not a refusal such as "no such document"). */
    default void readFailed() {
    }
}
