package dev.quire.collab;

/**
 * What this node's hubs tell the other nodes of a cluster that share its store, implemented by {@code app} over
 * {@code dev.quire.cluster}; {@link #NONE} on a single node. What the other nodes tell this one comes back through
 * {@link DocumentHubs}' {@code …Elsewhere} entry points. Every method returns at once and never throws: the other
 * nodes are told on a best-effort path, the store being the truth.
 */
public interface OtherNodes {
    OtherNodes NONE = new OtherNodes() {
    };

    /** Document {@code documentId} was renamed here to {@code title} by {@code renamedBy}. */
    default void renamed(String documentId, String title, String renamedBy) {
    }

    /** Document {@code documentId} was deleted here. */
    default void deleted(String documentId) {
    }

    /** A participant of this node is in {@code documentId}, with its selection (null: none yet). */
    default void present(String documentId, User user, Selection selection) {
    }

    /** The last session of {@code clientId} on this node left {@code documentId}. */
    default void left(String documentId, String clientId) {
    }
}
