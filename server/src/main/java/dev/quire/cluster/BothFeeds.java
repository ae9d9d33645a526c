package dev.quire.cluster;

import dev.quire.store.CommittedOp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A node's one feed: the ops on Redis when it is configured, and the store's NOTIFY hints always, both heard by the
 * same listener ({@link InOrderOps} makes a second copy of anything free). Redis is a speed-up: without it, or while
 * it is away, the hints alone keep the nodes converging.
 *
 * <p>With Redis connected, a hint is held for a grace period and passed on only if neither pub/sub nor this node's
 * own commits brought its version meanwhile. Passed on at once, every hint that outran its batch on Redis (most of
 * them: the NOTIFY leaves with the commit, the batch after the commit's answer reached the hub) and every hint of
 * this node's own commits made the document's sequence read the ops from the store: in a three-node run, a third of
 * a node's hub time. What pub/sub lost is still read, a grace period later; a gap inside what it brought is read by
 * the hub ({@code collab.SharedCommits}) if it is still open a moment later.
 */
public final class BothFeeds implements OpFeed {
    /** Documents whose last version heard on pub/sub is remembered, to see gaps; the least recent are forgotten. */
    private static final int REMEMBERED = 10_000;

    private final Optional<OpFeed> redis;
    private final OpFeed hints;
    private final FeedMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Duration hintGrace;
    private final BooleanSupplier redisConnected;
    /** Hints held, per document the highest version hinted; guarded by {@link #lastHeard}. */
    private final Map<String, Long> heldHints = new LinkedHashMap<>();
    /** Per document the highest version pub/sub brought or this node published; the least recent are forgotten. */
    private final Map<String, Long> lastHeard = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * Measuring the lag of batches, the gaps on pub/sub and the resyncs.
     *
     * @param scheduler holds the hints (with Redis) for {@code hintGrace}
     * @param hintGrace how long a hint waits for pub/sub to bring its version before the store is read for it
     * @param redisConnected whether Redis is reachable now: while it is not, hints are passed on at once
     */
    public BothFeeds(Optional<OpFeed> redis, OpFeed hints, FeedMetrics metrics, Clock clock,
                     ScheduledExecutorService scheduler, Duration hintGrace, BooleanSupplier redisConnected) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.hints = Objects.requireNonNull(hints, "hints");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (hintGrace.isNegative()) {
            throw new IllegalArgumentException("hintGrace must not be negative: " + hintGrace);
        }
        this.hintGrace = hintGrace;
        this.redisConnected = Objects.requireNonNull(redisConnected, "redisConnected");
    }

    @Override
    public void publish(String documentId, List<CommittedOp> ops) {
        if (!ops.isEmpty()) {
            heard(documentId, ops.get(ops.size() - 1).version()); // so that its own hints are not read for
        }
        redis.ifPresent(feed -> feed.publish(documentId, ops));
        hints.publish(documentId, ops);
    }

    @Override
    public void subscribe(FeedListener listener) {
        redis.ifPresent(feed -> feed.subscribe(measured(listener, true)));
        hints.subscribe(measured(listener, false));
    }

    /** {@code listener} behind the measures: resyncs of either way, and the lag and gaps of what pub/sub brings. */
    private FeedListener measured(FeedListener listener, boolean pubSub) {
        return new FeedListener() {
            @Override
            public void committed(String documentId, List<CommittedOp> ops) {
                if (pubSub && !ops.isEmpty()) {
                    measure(documentId, ops);
                }
                listener.committed(documentId, ops);
            }

            @Override
            public void head(String documentId, long version) {
                if (redis.isEmpty() || !redisConnected.getAsBoolean()) {
                    listener.head(documentId, version);
                } else {
                    hold(documentId, version, listener);
                }
            }

            @Override
            public void resync() {
                if (pubSub) {
                    synchronized (lastHeard) {
                        lastHeard.clear(); // what was missed while away is no gap of pub/sub's
                    }
                }
                metrics.resync();
                listener.resync();
            }
        };
    }

    private void measure(String documentId, List<CommittedOp> ops) {
        CommittedOp last = ops.get(ops.size() - 1);
        metrics.lag(Duration.between(last.committedAt(), clock.instant()));
        Long before = heard(documentId, last.version());
        long first = ops.get(0).version();
        if (before != null && first > before + 1) {
            metrics.gap(first - before - 1);
        }
    }

    /** Notes that {@code version} of the document reached this node; returns the version noted before, if any. */
    private Long heard(String documentId, long version) {
        synchronized (lastHeard) {
            Long before = lastHeard.get(documentId);
            lastHeard.put(documentId, before == null ? version : Math.max(before, version));
            return before;
        }
    }

    /** A hint: dropped if its version reached this node, else passed on after the grace period unless it has then. */
    private void hold(String documentId, long version, FeedListener listener) {
        synchronized (lastHeard) {
            if (reached(documentId, version)) {
                return;
            }
            Long held = heldHints.put(documentId, version);
            if (held != null) {
                heldHints.put(documentId, Math.max(held, version));
                return; // its check is scheduled already
            }
        }
        try {
            scheduler.schedule(() -> release(documentId, listener), hintGrace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            // The node is stopping (scheduler shut down): nothing will apply the ops anyway.
            synchronized (lastHeard) {
                heldHints.remove(documentId);
            }
        }
    }

    private void release(String documentId, FeedListener listener) {
        long version;
        synchronized (lastHeard) {
            Long held = heldHints.remove(documentId);
            if (held == null || reached(documentId, held)) {
                return;
            }
            version = held;
        }
        listener.head(documentId, version);
    }

    private boolean reached(String documentId, long version) {
        Long heard = lastHeard.get(documentId);
        return heard != null && heard >= version;
    }

    @Override
    public void close() {
        try {
            hints.close();
        } finally {
            redis.ifPresent(OpFeed::close);
        }
    }
}
