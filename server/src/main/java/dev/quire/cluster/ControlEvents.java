package dev.quire.cluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Control events (renamed, deleted, grant revoked) across nodes, sent both ways at once: on Redis pub/sub (fast) and
 * as a PostgreSQL NOTIFY (there without Redis). A receiver hears most events twice and handles each once, by its id;
 * a node does not hear its own.
 */
public final class ControlEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlEvents.class);
    /** Ids remembered to drop the second copy of an event; far more than can arrive between its two copies. */
    private static final int REMEMBERED = 10_000;

    private final Optional<RedisLink> redis;
    private final String redisChannel;
    private final String jdbcUrl;
    private final String pgChannel;
    private final String node;
    private final Duration retryDelay;
    private final PgNotifier notifier;
    private final Outage publishing = new Outage(log, "publishing a control event on Redis");
    private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };
    private PgListener listener;

    /**
     * @param redis        the Redis link, or empty when the cluster runs without Redis
     * @param redisChannel the Redis channel ({@code quire:control})
     * @param pgChannel    the NOTIFY channel, a plain lower-case name ({@code quire_control})
     * @param node         this node's id, unique in the cluster
     */
    public ControlEvents(Optional<RedisLink> redis, String redisChannel, String jdbcUrl, String pgChannel, String node,
            Duration retryDelay) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.redisChannel = Objects.requireNonNull(redisChannel, "redisChannel");
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.pgChannel = Objects.requireNonNull(pgChannel, "pgChannel");
        this.node = Objects.requireNonNull(node, "node");
        this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
        this.notifier = new PgNotifier(jdbcUrl);
    }

    /** Tells every other node, without waiting for either way. */
    public void publish(ControlEvent event) {
        String json = ControlMessages.write(new ControlMessages.Sent(UUID.randomUUID().toString(), node, event));
        redis.ifPresent(link -> link.publish(redisChannel, json, publishing));
        notifier.send(pgChannel, json);
    }

    /**
     * Sets the one listener of this node, called once per event of another node, on the thread of whichever way
     * brought it first. Returns at once; the ways connect in the background.
     */
    public synchronized void subscribe(Consumer<ControlEvent> events) {
        Objects.requireNonNull(events, "events");
        if (listener != null) {
            throw new IllegalStateException("already subscribed");
        }
        redis.ifPresent(link -> link.subscribe(redisChannel, new RedisLink.ChannelListener() {
            @Override
            public void message(String payload) {
                receive(payload, events);
            }

            @Override
            public void subscribed() {
                // What Redis lost came by NOTIFY too.
            }
        }));
        listener = PgListener.start(jdbcUrl, List.of(pgChannel), new PgListener.Handler() {
            @Override
            public void notified(String channel, String payload) {
                receive(payload, events);
            }

            @Override
            public void listening() {
                // Nothing to replay: control events are not stored, so one sent while this node heard neither way
                // is lost (docs/cluster.md, "What is left").
            }
        }, retryDelay);
    }

    /** Events that could not be sent on Redis and by NOTIFY so far. */
    public long failures() {
        return publishing.failures() + notifier.failures();
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close();
        }
        notifier.close();
    }

    private void receive(String payload, Consumer<ControlEvent> events) {
        ControlMessages.Sent sent;
        try {
            sent = ControlMessages.read(payload);
        } catch (IllegalArgumentException e) {
            log.warn("ignored a control message: {}", e.getMessage());
            return;
        }
        if (sent.node().equals(node) || !firstTime(sent.id())) {
            return;
        }
        events.accept(sent.event());
    }

    private boolean firstTime(String id) {
        synchronized (seen) {
            return seen.put(id, Boolean.TRUE) == null;
        }
    }
}
