package dev.quire.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's connections to Redis, shared by the feed, presence and control events: one for commands (publish, keys)
 * and one for the subscriptions, so a node holds two connections whatever it subscribes to.
 *
 * <p>Redis is a speed-up, never a dependency: {@link #start} returns at once and connects in the background
 * (again and again while Redis is down); Lettuce reconnects a lost connection by itself and subscribes its channels
 * again. A command while disconnected fails at once instead of being queued ({@code REJECT_COMMANDS}), so a caller
 * never waits for Redis and memory never fills with ops for a Redis that is gone. Every (re)subscription is reported
 * to the channel's listener: what was published meanwhile is lost, and the listener reads it from the truth.
 *
 * <p>Messages are handed to the listeners on one thread of this link's, in the order Redis sent them; listeners
 * must not block it for long.
 */
public final class RedisLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

    /** What a subscriber of one channel is told. Called on the link's thread. */
    public interface ChannelListener {
        void message(String payload);

        /** The channel is subscribed (again): anything published before may have been missed. */
        void subscribed();
    }

    /**
     * How long a command or a connection attempt may take: a command's future fails after it, so a Redis that stops
     * answering without closing the connection cannot make commands pile up for long.
     */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final RedisURI uri;
    private final Duration retryDelay;
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledExecutorService thread;
    private final Map<String, ChannelListener> channels = new ConcurrentHashMap<>();
    private final Outage connecting = new Outage(log, "connecting to Redis");
    private volatile StatefulRedisConnection<String, String> commands;
    private StatefulRedisPubSubConnection<String, String> subscriptions;
    private boolean closed;

    private RedisLink(String uri, Duration retryDelay) {
        this.uri = RedisURI.create(uri);
        this.uri.setTimeout(COMMAND_TIMEOUT);
        this.retryDelay = retryDelay;
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), retryDelay, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, this.uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(10_000)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
                .build());
        ScheduledThreadPoolExecutor one = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "quire-redis-link");
            t.setDaemon(true);
            return t;
        });
        one.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = one;
    }

    /**
     * A link to {@code uri} ({@code redis://host:port}) that connects in the background.
     *
     * @param retryDelay the longest wait between two connection attempts
     */
    public static RedisLink start(String uri, Duration retryDelay) {
        RedisLink link = new RedisLink(Objects.requireNonNull(uri, "uri"), retryDelay);
        link.thread.execute(link::connect);
        return link;
    }

    /** Whether the command connection is up now. */
    public boolean connected() {
        StatefulRedisConnection<String, String> c = commands;
        return c != null && c.isOpen();
    }

    /** The command connection's commands, once connected; they fail at once while Redis is unreachable. */
    Optional<RedisAsyncCommands<String, String>> commands() {
        StatefulRedisConnection<String, String> c = commands;
        return c == null ? Optional.empty() : Optional.of(c.async());
    }

    /** Publishes without waiting; the outcome goes to {@code outage}. */
    void publish(String channel, String message, Outage outage) {
        StatefulRedisConnection<String, String> c = commands;
        if (c == null) {
            outage.failed(new IllegalStateException("not connected to Redis yet"));
            return;
        }
        try {
            c.async().publish(channel, message).whenComplete((receivers, failure) -> {
                if (failure == null) {
                    outage.succeeded();
                } else {
                    outage.failed(failure);
                }
            });
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }

    /** Subscribes {@code listener} to {@code channel} (one listener per channel), now or once connected. */
    public synchronized void subscribe(String channel, ChannelListener listener) {
        if (channels.putIfAbsent(channel, listener) != null) {
            throw new IllegalStateException("channel already has a listener: " + channel);
        }
        if (subscriptions != null) {
            subscribeNow(subscriptions, channel);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            // Closed connections stop reconnecting before the client's threads go away under them.
            if (subscriptions != null) {
                subscriptions.close();
            }
            if (commands != null) {
                commands.close();
            }
        }
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private void connect() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        StatefulRedisConnection<String, String> c = null;
        try {
            c = client.connect();
            StatefulRedisPubSubConnection<String, String> s = client.connectPubSub();
            s.addListener(new Dispatch());
            synchronized (this) {
                if (closed) {
                    s.close();
                    c.close();
                    return;
                }
                subscriptions = s;
                commands = c;
                if (!channels.isEmpty()) {
                    subscribeNow(s, channels.keySet().toArray(String[]::new));
                }
            }
            connecting.succeeded();
            log.info("connected to Redis at {}:{}", uri.getHost(), uri.getPort());
        } catch (RuntimeException e) {
            if (c != null) {
                c.closeAsync();
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                connecting.failed(e);
                thread.schedule(this::connect, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Lettuce subscribes again after a reconnect only the channels Redis confirmed; a SUBSCRIBE refused because the
     * connection was down at that moment is tried again here until it is confirmed.
     */
    private void subscribeNow(StatefulRedisPubSubConnection<String, String> s, String... names) {
        s.async().subscribe(names).whenComplete((ignored, failure) -> {
            if (failure == null) {
                return;
            }
            connecting.failed(failure);
            try {
                thread.schedule(() -> {
                    synchronized (this) {
                        if (!closed) {
                            subscribeNow(s, names);
                        }
                    }
                }, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                log.debug("closed before subscribing again");
            }
        });
    }

    /** Lettuce's callbacks come on its I/O threads: they only hand each event to the link's thread, in order. */
    private final class Dispatch extends RedisPubSubAdapter<String, String> {
        @Override
        public void message(String channel, String message) {
            ChannelListener listener = channels.get(channel);
            if (listener != null) {
                handOff(() -> listener.message(message));
            }
        }

        @Override
        public void subscribed(String channel, long count) {
            ChannelListener listener = channels.get(channel);
            if (listener != null) {
                handOff(listener::subscribed);
            }
        }

        private void handOff(Runnable event) {
            try {
                thread.execute(() -> {
                    try {
                        event.run();
                    } catch (RuntimeException e) {
                        log.error("a Redis message listener failed", e);
                    }
                });
            } catch (RejectedExecutionException e) {
                log.debug("event after close dropped");
            }
        }
    }
}
