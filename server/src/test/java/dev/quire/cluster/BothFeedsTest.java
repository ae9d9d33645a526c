package dev.quire.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.testkit.ManualTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * One listener hears both ways; pub/sub's batches are measured: their lag, the versions they skipped, resyncs. With
 * Redis, a hint is passed on only if its version did not come otherwise within the grace period.
 */
class BothFeedsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
    private static final Duration GRACE = Duration.ofMillis(500);

    private final ManualTime time = new ManualTime(T0);
    private volatile boolean connected = true;

    /** A feed whose listener the test drives. */
    private static final class Driven implements OpFeed {
        FeedListener listener;
        final List<String> published = new ArrayList<>();

        @Override
        public void publish(String documentId, List<CommittedOp> ops) {
            published.add(documentId + " " + ops.size());
        }

        @Override
        public void subscribe(FeedListener feedListener) {
            this.listener = feedListener;
        }

        @Override
        public void close() {
        }
    }

    /** What the metrics were told. */
    private static final class Recorded implements FeedMetrics {
        final List<Duration> lags = new ArrayList<>();
        final List<Long> gaps = new ArrayList<>();
        int resyncs;

        @Override
        public void lag(Duration lag) {
            lags.add(lag);
        }

        @Override
        public void gap(long missing) {
            gaps.add(missing);
        }

        @Override
        public void resync() {
            resyncs++;
        }
    }

    private static List<CommittedOp> ops(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(v -> new CommittedOp(v, "c", v,
                Delta.builder().insert("x").build(), "Ada", T0.plusMillis(v))).toList();
    }

    @Test
    void bothWaysReachTheListener_andPubSubIsMeasured() {
        Driven redis = new Driven();
        Driven hints = new Driven();
        Recorded metrics = new Recorded();
        RecordingFeed heard = new RecordingFeed();
        BothFeeds feeds = new BothFeeds(Optional.of(redis), hints, metrics,
                Clock.fixed(T0.plusMillis(10), ZoneOffset.UTC), time.scheduler(), GRACE, () -> connected);
        feeds.subscribe(heard);

        redis.listener.committed("d", ops(1, 2));
        redis.listener.committed("d", ops(3, 3));
        redis.listener.committed("d", ops(6, 7)); // 4 and 5 never came
        redis.listener.committed("d", ops(4, 5)); // late: no gap of its own
        hints.listener.head("d", 8);
        time.advance(GRACE);
        redis.listener.resync();
        redis.listener.committed("d", ops(9, 9)); // after a resync nothing is compared with before
        hints.listener.resync();
        feeds.publish("d", ops(10, 10));

        assertEquals(5, heard.batches.size());
        assertEquals(List.of("d 8"), heard.heads);
        assertEquals(2, heard.resyncs.get());
        assertEquals(List.of(2L), metrics.gaps);
        assertEquals(2, metrics.resyncs);
        assertEquals(List.of(Duration.ofMillis(8), Duration.ofMillis(7), Duration.ofMillis(3), Duration.ofMillis(5),
                Duration.ofMillis(1)), metrics.lags);
        assertEquals(List.of("d 1"), redis.published);
        assertEquals(List.of("d 1"), hints.published);
    }

    @Test
    void withRedis_aHintIsDroppedWhenPubSubOrThisNodeBroughtItsVersionWithinTheGrace() {
        Driven redis = new Driven();
        Driven hints = new Driven();
        RecordingFeed heard = new RecordingFeed();
        BothFeeds feeds = new BothFeeds(Optional.of(redis), hints, FeedMetrics.NONE, time, time.scheduler(), GRACE,
                () -> connected);
        feeds.subscribe(heard);

        redis.listener.committed("a", ops(1, 3));
        hints.listener.head("a", 2); // pub/sub brought it first
        hints.listener.head("b", 4); // outran its batch
        hints.listener.head("b", 5);
        hints.listener.head("c", 1); // this node's own commit, published after the NOTIFY came
        time.advance(GRACE.minusMillis(1));
        redis.listener.committed("b", ops(4, 5));
        feeds.publish("c", ops(1, 1));
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of(), heard.heads);
        assertEquals(0, time.pending());

        hints.listener.head("b", 7); // pub/sub lost 6 and 7: the store is read for them, a grace period later
        hints.listener.head("b", 6);
        time.advance(GRACE.minusMillis(1));
        assertEquals(List.of(), heard.heads);
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("b 7"), heard.heads);
    }

    @Test
    void whileRedisIsUnreachable_aHintIsPassedOnAtOnce() {
        Driven redis = new Driven();
        Driven hints = new Driven();
        RecordingFeed heard = new RecordingFeed();
        BothFeeds feeds = new BothFeeds(Optional.of(redis), hints, FeedMetrics.NONE, time, time.scheduler(), GRACE,
                () -> connected);
        feeds.subscribe(heard);

        connected = false;
        hints.listener.head("d", 3);

        assertEquals(List.of("d 3"), heard.heads);
        assertEquals(0, time.pending());
    }

    @Test
    void withoutRedis_aHintIsPassedOnAtOnce() {
        Driven hints = new Driven();
        RecordingFeed heard = new RecordingFeed();
        BothFeeds feeds = new BothFeeds(Optional.empty(), hints, FeedMetrics.NONE, time, time.scheduler(), GRACE,
                () -> connected);
        feeds.subscribe(heard);

        feeds.publish("d", ops(1, 1));
        hints.listener.head("d", 1);
        hints.listener.head("d", 2);

        assertEquals(List.of("d 1", "d 2"), heard.heads);
        assertEquals(0, time.pending());
    }
}
