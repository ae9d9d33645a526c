package dev.quire.cluster;

import java.time.Duration;

/**
 * What the feed between nodes tells whoever measures it ({@code app} wires Micrometer's; this package never sees
 * it). Called from the feed's threads: implementations must be thread-safe, fast, and must not throw.
 */
public interface FeedMetrics {
    /** Measures nothing. */
    FeedMetrics NONE = new FeedMetrics() {
    };

    /** A batch of another node arrived {@code lag} after its last op was committed (clocks of two machines). */
    default void lag(Duration lag) {
    }

    /** A batch arrived on pub/sub past a version this node never heard there: {@code missing} versions lost or late. */
    default void gap(long missing) {
    }

    /** The feed reconnected and may have lost messages: every open document is checked against the store. */
    default void resync() {
    }
}
