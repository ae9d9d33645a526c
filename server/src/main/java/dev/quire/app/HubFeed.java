package dev.quire.app;

import dev.quire.cluster.FeedListener;
import dev.quire.cluster.HeadCheck;
import dev.quire.store.CommittedOp;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where what the other nodes say about ops reaches this node's hub: their committed ops and hints, and the open
 * documents' local heads for the head check. The one seam between {@link ClusterNode} and the hub's
 * entry points for other nodes' ops: until the hub applies ops it did not commit itself, they are only logged, and a
 * node serves the ops of others from the store at the next load.
 */
final class HubFeed implements FeedListener, HeadCheck.OpenDocuments, HeadCheck.Behind {
    private static final Logger log = LoggerFactory.getLogger(HubFeed.class);

    @Override
    public void committed(String documentId, List<CommittedOp> ops) {
        log.trace("{} ops of another node for {}", ops.size(), documentId);
    }

    @Override
    public void head(String documentId, long version) {
        log.trace("another node committed {} up to {}", documentId, version);
    }

    @Override
    public void resync() {
        log.debug("the feed between nodes reconnected");
    }

    @Override
    public Map<String, Long> localHeads() {
        return Map.of();
    }

    @Override
    public void behind(String documentId, long localHead, long committedHead) {
        log.debug("{} is at {} here and at {} in the store", documentId, localHead, committedHead);
    }
}
