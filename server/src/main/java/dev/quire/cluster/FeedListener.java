package dev.quire.cluster;

import dev.quire.store.CommittedOp;
import java.util.List;

/**
 * What a node is told by the feed between nodes. Any message may be lost, late or repeated: the receiver applies ops
 * in version order ({@link InOrderOps}) and reads from the store what it has not received.
 */
public interface FeedListener {
    /** Ops another node committed to {@code documentId}, consecutive, in version order. */
    void committed(String documentId, List<CommittedOp> ops);

    /** The committed head of {@code documentId} is at least {@code version}; the ops are in the store. */
    void head(String documentId, long version);

    /** The feed may have lost messages (it was disconnected): check the committed head of every open document. */
    void resync();
}
