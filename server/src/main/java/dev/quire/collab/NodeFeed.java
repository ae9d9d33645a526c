package dev.quire.collab;

import dev.quire.cluster.FeedListener;
import dev.quire.cluster.OpFeed;
import dev.quire.store.CommittedOp;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How the hubs of a node hear the other nodes sharing its store: the feed of committed ops, and the periodic check
 * of the open documents' committed heads (on {@code checker}, which runs one task at a time and serves nothing else:
 * a check waits for the store).
 */
public record NodeFeed(OpFeed feed, Duration headCheckPeriod, ScheduledExecutorService checker) {
    /** No other node hears or is heard: the feed of a store of one node. */
    static final OpFeed SILENT = new OpFeed() {
        @Override
        public void publish(String documentId, List<CommittedOp> ops) {
        }

        @Override
        public void subscribe(FeedListener listener) {
        }

        @Override
        public void close() {
        }
    };

    public NodeFeed {
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(checker, "checker");
        if (headCheckPeriod.isNegative() || headCheckPeriod.isZero()) {
            throw new IllegalArgumentException("headCheckPeriod must be positive: " + headCheckPeriod);
        }
    }
}
