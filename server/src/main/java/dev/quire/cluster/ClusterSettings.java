package dev.quire.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * The timings of a cluster node that an operator may set: how often the committed heads of the open documents are
 * read (what pub/sub lost is found at the latest then), and how long a participant of a node that stopped refreshing
 * stays listed. The names of channels and keys are fixed ({@link #PREFIX}): every node of a cluster must use the same.
 *
 * @param headCheckPeriod the period of {@link HeadCheck}
 * @param presenceTtl     the TTL of {@link RedisPresence}'s keys
 * @param retryDelay      the longest wait between two attempts to reach Redis or PostgreSQL again
 */
public record ClusterSettings(Duration headCheckPeriod, Duration presenceTtl, Duration retryDelay) {
    /** The prefix of Quire's Redis channels and keys. */
    public static final String PREFIX = "quire:";
    /** The NOTIFY channel of control events (the store's commits use {@code quire_commits}). */
    public static final String CONTROL_CHANNEL = "quire_control";
    /**
     * How long a NOTIFY hint waits for pub/sub to bring its version before the store is read for it ({@link
     * BothFeeds}): far above Redis's millisecond on a busy machine, far below the head check's period.
     */
    public static final Duration HINT_GRACE = Duration.ofMillis(500);

    public ClusterSettings {
        positive(headCheckPeriod, "headCheckPeriod");
        positive(presenceTtl, "presenceTtl");
        positive(retryDelay, "retryDelay");
    }

    public static ClusterSettings defaults() {
        return new ClusterSettings(Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(1));
    }

    public ClusterSettings withHeadCheckPeriod(Duration period) {
        return new ClusterSettings(period, presenceTtl, retryDelay);
    }

    public ClusterSettings withPresenceTtl(Duration ttl) {
        return new ClusterSettings(headCheckPeriod, ttl, retryDelay);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
