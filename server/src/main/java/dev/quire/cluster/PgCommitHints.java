package dev.quire.cluster;

import dev.quire.store.CommittedOp;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed that needs no Redis: the PostgreSQL store sends {@code NOTIFY quire_commits, '<documentId> <version>'}
 * in each commit's transaction, and this delivers those as hints ({@link FeedListener#head}); the receiver reads the
 * ops from the store. So nodes converge through PostgreSQL alone, a few milliseconds slower than through Redis.
 * A node's own hints are delivered too: its local head is already there, so they cost nothing.
 */
public final class PgCommitHints implements OpFeed {
    private static final Logger log = LoggerFactory.getLogger(PgCommitHints.class);

    /** The channel the store notifies on. */
    public static final String CHANNEL = "quire_commits";

    private final String jdbcUrl;
    private final String channel;
    private final Duration retryDelay;
    private PgListener listener;

    /** @param channel {@link #CHANNEL}, or another plain lower-case name (tests) */
    public PgCommitHints(String jdbcUrl, String channel, Duration retryDelay) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
    }

    /** The payload of the store's NOTIFY for a commit that took {@code documentId} to {@code version}. */
    public static String payload(String documentId, long version) {
        return documentId + " " + version;
    }

    /** Nothing to do: the store notifies in the commit's own transaction, so no commit goes unannounced. */
    @Override
    public void publish(String documentId, List<CommittedOp> ops) {
    }

    @Override
    public synchronized void subscribe(FeedListener feed) {
        Objects.requireNonNull(feed, "feed");
        if (listener != null) {
            throw new IllegalStateException("already subscribed");
        }
        listener = PgListener.start(jdbcUrl, List.of(channel), new PgListener.Handler() {
            @Override
            public void notified(String from, String payload) {
                int space = payload.lastIndexOf(' ');
                long version;
                try {
                    version = space > 0 ? Long.parseLong(payload.substring(space + 1)) : -1;
                } catch (NumberFormatException e) {
                    version = -1;
                }
                if (version < 1) {
                    log.warn("ignored a notification on {} that is not '<documentId> <version>': {}", from, payload);
                    return;
                }
                feed.head(payload.substring(0, space), version);
            }

            @Override
            public void listening() {
                feed.resync();
            }
        }, retryDelay);
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close();
        }
    }
}
