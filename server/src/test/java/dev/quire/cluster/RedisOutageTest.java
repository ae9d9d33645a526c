package dev.quire.cluster;

import static dev.quire.cluster.ClusterOps.ops;
import static dev.quire.cluster.ClusterOps.versions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.quire.store.CommittedOp;
import dev.quire.testkit.Await;
import dev.quire.testkit.CapturedLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped and started again under two nodes, on a Redis server of the test's own: publishing fails fast and
 * is logged once, the receiving node reconnects by itself, and its head check after the reconnect reads from the
 * store what pub/sub lost, so it applies every op once, in order.
 */
@Tag("heavy")
class RedisOutageTest {
    /** Lettuce's reconnecting logs each failed attempt; the application's logging set-up is to quiet it. */
    private static final String WATCHDOG = "io.lettuce.core.protocol.ConnectionWatchdog";

    /** The store both nodes share: ops 1..n committed. */
    private final List<CommittedOp> committed = new CopyOnWriteArrayList<>();

    private void commit(RedisOpFeed feed, long version) {
        committed.add(ClusterOps.op(version));
        feed.publish("doc-1", ops(version, version));
    }

    @Test
    void whatPubSubLostWhileRedisWasDownIsReadFromTheStoreAfterTheReconnect() throws InterruptedException {
        ScheduledExecutorService documentSequence = Executors.newSingleThreadScheduledExecutor();
        List<Long> applied = new CopyOnWriteArrayList<>();
        try (RedisProcess redis = RedisProcess.start();
                CapturedLogs logs = CapturedLogs.of(RedisOpFeed.class, RedisLink.class).capture(WATCHDOG);
                RedisLink linkA = RedisLink.start(redis.url(), Duration.ofMillis(100));
                RedisLink linkB = RedisLink.start(redis.url(), Duration.ofMillis(100))) {
            RedisOpFeed nodeA = new RedisOpFeed(linkA, "quire:ops", "node-a");
            RedisOpFeed nodeB = new RedisOpFeed(linkB, "quire:ops", "node-b");
            InOrderOps order = new InOrderOps("doc-1", 0,
                    (id, from, to) -> committed.stream().filter(op -> op.version() > from && op.version() <= to)
                            .toList(), 1_000);
            HeadCheck check = new HeadCheck(documentSequence, Duration.ofHours(1),
                    () -> Map.of("doc-1", order.head()),
                    ids -> Map.of("doc-1", (long) committed.size()),
                    (id, local, head) -> applied.addAll(versions(order.catchUpTo(head))));
            RecordingFeed resyncs = new RecordingFeed();
            nodeB.subscribe(new FeedListener() {
                @Override
                public void committed(String documentId, List<CommittedOp> ops) {
                    documentSequence.execute(() -> applied.addAll(versions(InOrderOpsTest.accept(order, ops))));
                }

                @Override
                public void head(String documentId, long version) {
                    documentSequence.execute(() -> applied.addAll(versions(order.catchUpTo(version))));
                }

                @Override
                public void resync() {
                    resyncs.resync();
                    check.checkNow();
                }
            });
            Await.until(() -> linkA.connected() && resyncs.resyncs.get() == 1, "both nodes on Redis");

            commit(nodeA, 1);
            Await.until(() -> applied.equals(List.of(1L)), "op 1 through pub/sub");

            redis.stop();
            Await.until(() -> !linkA.connected(), "A saw Redis go");
            commit(nodeA, 2);
            commit(nodeA, 3);
            for (int i = 0; i < 20; i++) {
                nodeA.publish("doc-1", ops(3, 3));
            }
            Await.until(() -> nodeA.failures() >= 22, Duration.ofSeconds(10),
                    () -> "failures counted: " + nodeA.failures());
            assertEquals(1, logs.events().stream()
                    .filter(e -> e.getLevel() == Level.WARN && e.getLoggerName().equals(RedisOpFeed.class.getName()))
                    .count(), () -> "logged once per outage: " + CapturedLogs.describe(logs.events()));
            assertEquals(List.of(1L), applied, "nothing past what arrived");

            redis.restart();
            Await.until(() -> resyncs.resyncs.get() == 2, Duration.ofSeconds(20),
                    () -> "B subscribed again: " + resyncs.resyncs);
            Await.until(() -> applied.equals(List.of(1L, 2L, 3L)), Duration.ofSeconds(10),
                    () -> "the head check after the reconnect read 2 and 3: " + applied);

            Await.until(linkA::connected, "A reconnected");
            List<Long> before = new ArrayList<>(applied);
            commit(nodeA, 4);
            Await.until(() -> applied.size() == 4, Duration.ofSeconds(10), () -> "op 4: " + applied);
            assertEquals(List.of(1L, 2L, 3L, 4L), applied, "each once, in order (before: " + before + ")");
            logs.await(Level.INFO, "publishing committed ops on Redis works again after 22 failures");
            check.close();
        } finally {
            documentSequence.shutdownNow();
            assertTrue(documentSequence.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aNodeThatStartsWhileRedisIsDownConnectsWhenItComesAndResyncs() {
        try (RedisProcess redis = RedisProcess.notStarted();
                CapturedLogs logs = CapturedLogs.of(RedisOpFeed.class, RedisLink.class).capture(WATCHDOG);
                RedisLink link = RedisLink.start(redis.url(), Duration.ofMillis(100))) {
            RedisOpFeed node = new RedisOpFeed(link, "quire:ops", "node-a");
            RecordingFeed heard = new RecordingFeed();
            node.subscribe(heard);
            node.publish("doc-1", ops(1, 1));
            assertEquals(1, node.failures(), "dropped at once, not queued");
            logs.await(Level.WARN, "connecting to Redis failed");

            redis.restart();
            Await.until(() -> heard.resyncs.get() == 1, Duration.ofSeconds(10), () -> "subscribed once Redis came");
            assertTrue(link.connected());
            logs.await(Level.INFO, "connecting to Redis works again");
        }
    }

    @Test
    void aChannelSubscribedWhileRedisIsAwayIsSubscribedWhenItComesBack() {
        try (RedisProcess redis = RedisProcess.start();
                CapturedLogs logs = CapturedLogs.of(RedisOpFeed.class, RedisLink.class).capture(WATCHDOG);
                RedisLink linkA = RedisLink.start(redis.url(), Duration.ofMillis(100));
                RedisLink linkB = RedisLink.start(redis.url(), Duration.ofMillis(100))) {
            Await.until(() -> linkA.connected() && linkB.connected(), "both nodes on Redis");
            redis.stop();
            Await.until(() -> !linkB.connected(), "B saw Redis go");

            RedisOpFeed nodeA = new RedisOpFeed(linkA, "quire:ops", "node-a");
            RedisOpFeed nodeB = new RedisOpFeed(linkB, "quire:ops", "node-b");
            RecordingFeed heard = new RecordingFeed();
            nodeB.subscribe(heard);
            redis.restart();

            Await.until(() -> heard.resyncs.get() == 1, Duration.ofSeconds(20), () -> "B subscribed when Redis came");
            Await.until(linkA::connected, "A reconnected");
            nodeA.publish("doc-1", ops(1, 1));
            Await.until(() -> heard.batches.size() == 1, Duration.ofSeconds(10), () -> "B heard " + heard.batches);
        }
    }
}
