package dev.quire.cluster;

import dev.quire.store.CommittedOp;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed on Redis pub/sub: every batch of committed ops goes, whole, to one channel that every node subscribes
 * to, so a receiving node usually applies an op a millisecond after its commit without reading the store. A node
 * ignores its own batches. Publishing is fire-and-forget: failures (Redis down) are counted and logged once per
 * outage; what they lost is found by the receivers' head checks. Every (re)subscription asks the listener for a
 * {@link FeedListener#resync() resync}.
 */
public final class RedisOpFeed implements OpFeed {
    private static final Logger log = LoggerFactory.getLogger(RedisOpFeed.class);

    private final RedisLink link;
    private final String channel;
    private final String node;
    private final Outage publishing = new Outage(log, "publishing committed ops on Redis");

    /**
     * @param channel the channel all nodes of the cluster share ({@code quire:ops})
     * @param node    this node's id, unique in the cluster
     */
    public RedisOpFeed(RedisLink link, String channel, String node) {
        this.link = Objects.requireNonNull(link, "link");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.node = Objects.requireNonNull(node, "node");
    }

    @Override
    public void publish(String documentId, List<CommittedOp> ops) {
        if (ops.isEmpty()) {
            return;
        }
        String message;
        try {
            message = OpMessages.encode(node, documentId, ops);
        } catch (RuntimeException e) {
            publishing.failed(e);
            return;
        }
        link.publish(channel, message, publishing);
    }

    @Override
    public void subscribe(FeedListener listener) {
        Objects.requireNonNull(listener, "listener");
        link.subscribe(channel, new RedisLink.ChannelListener() {
            @Override
            public void message(String payload) {
                OpMessages.Batch batch;
                try {
                    batch = OpMessages.decode(payload);
                } catch (IllegalArgumentException e) {
                    log.warn("ignored a message on {}: {}", channel, e.getMessage());
                    return;
                }
                if (!batch.node().equals(node)) {
                    listener.committed(batch.document(), batch.ops());
                }
            }

            @Override
            public void subscribed() {
                listener.resync();
            }
        });
    }

    /** Publications that failed so far. */
    public long failures() {
        return publishing.failures();
    }

    /** Closes nothing: the link is shared and closed by its owner. */
    @Override
    public void close() {
    }
}
