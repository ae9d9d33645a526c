package dev.quire.collab;

/**
 * What this node's hubs tell the other nodes of a cluster that share its store, implemented by {@code app} over
 * {@code dev.quire.cluster}; {@link #NONE} on a single node. What the other nodes tell this one comes back through
 * {@link FromOtherNodes}. Every method returns at once and never throws: the other
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

    /** A session of this node joined {@code documentId}: it has no selection yet, and should see who is elsewhere. */
    default void joined(String documentId, User user) {
    }

    /** A participant of this node moved its selection in {@code documentId} (null: its editor lost focus). */
    default void present(String documentId, User user, Selection selection) {
    }

    /**
     * A session of {@code clientId} on this node left {@code documentId} (a reconnecting client may have joined with
     * a new session before its old one left).
     */
    default void left(String documentId, String clientId) {
    }
}
