package dev.quire.cluster;

import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence across nodes on Redis, never persisted anywhere else. Each participant of this node has a key
 * {@code <prefix>presence:<document>:<clientId>} holding its presence with a TTL, refreshed while its session lives,
 * and is listed in the document's set {@code <prefix>presence-index:<document>} (whose TTL is refreshed with it), so a
 * joining node lists who is here with two reads and without scanning. A node that dies stops refreshing: its
 * participants' keys expire and the next listing drops them from the set. Changes (here, moved, left) are published
 * on {@code <prefix>presence} for the nodes that have the document open.
 *
 * <p>Writing never blocks the caller; failures are counted and logged once per outage, and the next refresh writes
 * the participant's latest presence again.
 */
public final class RedisPresence implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);

    private final RedisLink link;
    private final String prefix;
    private final String node;
    private final ScheduledExecutorService scheduler;
    private final Duration ttl;
    private final Outage writing = new Outage(log, "writing presence to Redis");
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    /** A participant of this node: its latest presence and the timer that refreshes its key. */
    private record Kept(ClusterPresence presence, ScheduledFuture<?> refresh) {
    }

    /**
     * @param prefix    the prefix of this cluster's keys and channels ({@code quire:})
     * @param node      this node's id, unique in the cluster
     * @param scheduler runs the refreshes (every third of {@code ttl})
     * @param ttl       how long a participant outlives the last refresh of its node
     */
    public RedisPresence(RedisLink link, String prefix, String node, ScheduledExecutorService scheduler, Duration ttl) {
        this.link = Objects.requireNonNull(link, "link");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.node = Objects.requireNonNull(node, "node");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (ttl.toMillis() < 3) {
            throw new IllegalArgumentException("ttl too short: " + ttl);
        }
        this.ttl = ttl;
    }

    /** A participant of this node is here (joined, or moved its selection): written, published, kept alive. */
    public void here(ClusterPresence presence) {
        String key = key(presence.documentId(), presence.clientId());
        long period = ttl.toMillis() / 3;
        ScheduledFuture<?> refresh = scheduler.scheduleWithFixedDelay(() -> refresh(key), period, period,
                TimeUnit.MILLISECONDS);
        Kept before = kept.put(key, new Kept(presence, refresh));
        if (before != null) {
            before.refresh().cancel(false);
        }
        write(presence);
        link.publish(channel(), PresenceMessages.here(node, presence), writing);
    }

    /** A participant of this node left: removed at once and published, no longer kept alive. */
    public void left(String documentId, String clientId) {
        String key = key(documentId, clientId);
        Kept before = kept.remove(key);
        if (before != null) {
            before.refresh().cancel(false);
        }
        commands().ifPresent(redis -> {
            redis.del(key).whenComplete(this::outcome);
            redis.srem(indexKey(documentId), clientId).whenComplete(this::outcome);
        });
        link.publish(channel(), PresenceMessages.left(node, documentId, clientId), writing);
    }

    /** Who is here on every node, as the keys say; fails when Redis cannot be read. */
    public CompletionStage<List<ClusterPresence>> whoIsHere(String documentId) {
        Optional<RedisAsyncCommands<String, String>> commands = commands();
        if (commands.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"));
        }
        RedisAsyncCommands<String, String> redis = commands.get();
        String index = indexKey(documentId);
        return redis.smembers(index).thenCompose(clients -> {
            if (clients.isEmpty()) {
                return CompletableFuture.completedFuture(List.<ClusterPresence>of());
            }
            List<String> ids = List.copyOf(clients);
            return redis.mget(ids.stream().map(id -> key(documentId, id)).toArray(String[]::new))
                    .thenApply(values -> present(redis, index, ids, values));
        });
    }

    /** Tells {@code listener} what other nodes say, on the link's thread. */
    public void subscribe(Consumer<PresenceEvent> listener) {
        link.subscribe(channel(), new RedisLink.ChannelListener() {
            @Override
            public void message(String payload) {
                PresenceMessages.Said said;
                try {
                    said = PresenceMessages.read(payload);
                } catch (IllegalArgumentException e) {
                    log.warn("ignored a message on {}: {}", channel(), e.getMessage());
                    return;
                }
                if (!said.node().equals(node)) {
                    listener.accept(said.event());
                }
            }

            @Override
            public void subscribed() {
                // Presence is current state, not history: the next change or refresh says it again.
            }
        });
    }

    /** Failed writes so far. */
    public long failures() {
        return writing.failures();
    }

    /** Stops keeping this node's participants alive; their keys expire (as if the node had died). */
    @Override
    public void close() {
        kept.values().forEach(k -> k.refresh().cancel(false));
        kept.clear();
    }

    private List<ClusterPresence> present(RedisAsyncCommands<String, String> redis, String index, List<String> ids,
            List<KeyValue<String, String>> values) {
        List<ClusterPresence> here = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            KeyValue<String, String> value = values.get(i);
            if (!value.hasValue()) {
                expired.add(ids.get(i));
                continue;
            }
            try {
                if (PresenceMessages.read(value.getValue()).event() instanceof PresenceEvent.Here h) {
                    here.add(h.presence());
                }
            } catch (IllegalArgumentException e) {
                log.warn("ignored the presence key of {}: {}", ids.get(i), e.getMessage());
            }
        }
        if (!expired.isEmpty()) {
            redis.srem(index, expired.toArray(String[]::new));
        }
        return here;
    }

    private void refresh(String key) {
        Kept k = kept.get(key);
        if (k != null) {
            write(k.presence());
        }
    }

    private void write(ClusterPresence presence) {
        Optional<RedisAsyncCommands<String, String>> commands = commands();
        if (commands.isEmpty()) {
            writing.failed(new IllegalStateException("not connected to Redis"));
            return;
        }
        RedisAsyncCommands<String, String> redis = commands.get();
        String index = indexKey(presence.documentId());
        try {
            redis.set(key(presence.documentId(), presence.clientId()), PresenceMessages.here(node, presence),
                    SetArgs.Builder.px(ttl.toMillis())).whenComplete(this::outcome);
            redis.sadd(index, presence.clientId()).whenComplete(this::outcome);
            redis.pexpire(index, ttl.toMillis()).whenComplete(this::outcome);
        } catch (RuntimeException e) {
            writing.failed(e);
        }
    }

    private void outcome(Object result, Throwable failure) {
        if (failure == null) {
            writing.succeeded();
        } else {
            writing.failed(failure);
        }
    }

    private Optional<RedisAsyncCommands<String, String>> commands() {
        return link.commands();
    }

    private String channel() {
        return prefix + "presence";
    }

    private String key(String documentId, String clientId) {
        return prefix + "presence:" + documentId + ":" + clientId;
    }

    private String indexKey(String documentId) {
        return prefix + "presence-index:" + documentId;
    }
}
