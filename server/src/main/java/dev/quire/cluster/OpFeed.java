package dev.quire.cluster;

import dev.quire.store.CommittedOp;
import java.util.List;

/**
 * The committed-op feed between nodes: a node publishes each batch of ops after its commit, and hears the batches
 * (or hints) of the other nodes. Never a source of truth: see {@link FeedListener}.
 */
public interface OpFeed extends AutoCloseable {
    /**
     * Announces ops committed to {@code documentId}, consecutive and in version order. Never blocks and never
     * throws for the feed's sake: a committed op is never held for the feed.
     */
    void publish(String documentId, List<CommittedOp> ops);

    /** Sets the one listener of this node; messages of this node itself are not delivered to it. */
    void subscribe(FeedListener listener);

    @Override
    void close();
}
