package dev.quire.cluster;

import dev.quire.store.CommittedOp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A node's one feed: the ops on Redis when it is configured, and the store's NOTIFY hints always, both heard by the
 * same listener ({@link InOrderOps} makes a second copy of anything free). Redis is a speed-up: without it, or while
 * it is away, the hints alone keep the nodes converging.
 */
public final class BothFeeds implements OpFeed {
    /** Documents whose last version heard on pub/sub is remembered, to see gaps; the least recent are forgotten. */
    private static final int REMEMBERED = 10_000;

    private final Optional<OpFeed> redis;
    private final OpFeed hints;
    private final FeedMetrics metrics;
    private final Clock clock;
    private final Map<String, Long> lastHeard = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    public BothFeeds(Optional<OpFeed> redis, OpFeed hints) {
        this(redis, hints, FeedMetrics.NONE, Clock.systemUTC());
    }

    /** As above, measuring the lag of batches, the gaps on pub/sub and the resyncs. */
    public BothFeeds(Optional<OpFeed> redis, OpFeed hints, FeedMetrics metrics, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.hints = Objects.requireNonNull(hints, "hints");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void publish(String documentId, List<CommittedOp> ops) {
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
                listener.head(documentId, version);
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
        Long before;
        synchronized (lastHeard) {
            before = lastHeard.get(documentId);
            lastHeard.put(documentId, before == null ? last.version() : Math.max(before, last.version()));
        }
        long first = ops.get(0).version();
        if (before != null && first > before + 1) {
            metrics.gap(first - before - 1);
        }
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
