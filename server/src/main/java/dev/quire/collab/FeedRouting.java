package dev.quire.collab;

import dev.quire.cluster.FeedListener;
import dev.quire.cluster.HeadCheck;
import dev.quire.store.CommittedOp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this node hears from the others (the feed, the head check), routed to the sequence of the open document it
 * concerns; a document not open here is ignored (it is read from the store when it is opened).
 */
final class FeedRouting implements FeedListener, HeadCheck.OpenDocuments, HeadCheck.Behind {
    private final HubRegistry hubs;
    /** Set once, right after construction: the check this routing's resyncs run. */
    private final HeadCheck[] check = new HeadCheck[1];

    FeedRouting(HubRegistry hubs) {
        this.hubs = hubs;
    }

    /** The head check that {@link #resync} runs at once. */
    void checkedBy(HeadCheck headCheck) {
        check[0] = headCheck;
    }

    @Override
    public void committed(String documentId, List<CommittedOp> ops) {
        hubs.loaded(documentId).ifPresent(hub -> hub.fromFeed(ops));
    }

    @Override
    public void head(String documentId, long version) {
        hubs.loaded(documentId).ifPresent(hub -> hub.catchUpTo(version));
    }

    @Override
    public void resync() {
        HeadCheck headCheck = check[0];
        if (headCheck != null) {
            headCheck.checkNow();
        }
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
        hubs.loaded(documentId).ifPresent(hub -> hub.catchUpTo(committedHead));
    }
}
