package dev.quire.collab;

import dev.quire.cluster.FeedListener;
import dev.quire.cluster.HeadCheck;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this node hears from the other nodes of a cluster, taken to the open document it concerns (on its sequence,
 * by {@link ChangesElsewhere}); a document not open here is ignored, since it is read from the store when it is
 * opened. Their committed ops come through the feed and the periodic head check of {@link NodeFeed}, heard from
 * construction on; renames, deletes and presence through the methods here, called by {@code app}'s cluster node.
 * Thread-safe.
 */
public final class FromOtherNodes {
    private final HubRegistry hubs;
    private final Clock clock;
    /** The periodic check of the open documents' committed heads; null without other nodes. */
    private final HeadCheck headCheck;

    /** @param nodes how the other nodes are heard; null: no other node (a store of one node) */
    FromOtherNodes(HubRegistry hubs, Clock clock, DocumentStore store, NodeFeed nodes) {
        this.hubs = hubs;
        this.clock = clock;
        if (nodes == null) {
            this.headCheck = null;
            return;
        }
        Routing routing = new Routing();
        this.headCheck = new HeadCheck(nodes.checker(), nodes.headCheckPeriod(), routing, store::heads, routing);
        nodes.feed().subscribe(routing);
        headCheck.start();
    }

    /** Another node renamed {@code documentId}: sessions here are told. */
    public void renamed(String documentId, String title, String renamedBy) {
        tell(documentId, new NodeEvent.Renamed(title, renamedBy, clock.instant()));
    }

    /**
     * A participant of another node is in {@code documentId} with {@code selection} (null: none): the sessions here
     * are told. It is shown, never sent anything; its selection is replaced by its next update rather than
     * transformed here, since each client transforms the cursors it shows by the ops it gets.
     */
    public void present(String documentId, User user, Selection selection) {
        tell(documentId, new NodeEvent.Present(new Presence(user, selection)));
    }

    /**
     * {@code presences} are everyone of the other nodes in {@code documentId} now (a listing): those shown here and
     * not among them are told as gone, the others as {@link #present}. Participants of this node in the listing are
     * ignored.
     */
    public void allPresent(String documentId, List<Presence> presences) {
        tell(documentId, new NodeEvent.AllPresent(presences));
    }

    /** A participant of another node left {@code documentId}, or its node stopped saying it is there. */
    public void left(String documentId, String clientId) {
        tell(documentId, new NodeEvent.Left(clientId));
    }

    /** Another node deleted {@code documentId}: sessions here are closed with the document_deleted code. */
    public void deleted(String documentId) {
        tell(documentId, new NodeEvent.Deleted());
    }

    /** Stops the head check. */
    void close() {
        if (headCheck != null) {
            headCheck.close();
        }
    }

    private void tell(String documentId, NodeEvent event) {
        hubs.loaded(documentId).ifPresent(hub -> hub.heard(event));
    }

    /** The feed and the head check, routed to the open documents. */
    private final class Routing implements FeedListener, HeadCheck.OpenDocuments, HeadCheck.Behind {
        @Override
        public void committed(String documentId, List<CommittedOp> ops) {
            tell(documentId, new NodeEvent.Committed(ops));
        }

        @Override
        public void head(String documentId, long version) {
            tell(documentId, new NodeEvent.HeadAt(version));
        }

        @Override
        public void resync() {
            headCheck.checkNow();
        }

        @Override
        public Map<String, Long> localHeads() {
            Map<String, Long> heads = new HashMap<>();
            for (String id : hubs.openDocuments()) {
                hubs.loaded(id).ifPresent(hub -> heads.put(id, hub.version()));
            }
            return heads;
        }

        @Override
        public void behind(String documentId, long localHead, long committedHead) {
            tell(documentId, new NodeEvent.HeadAt(committedHead));
        }
    }
}
