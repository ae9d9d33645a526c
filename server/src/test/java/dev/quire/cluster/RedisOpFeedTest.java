package dev.quire.cluster;

import static dev.quire.cluster.ClusterOps.ops;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.testkit.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two nodes on the real Redis, on a channel of this test's own. */
class RedisOpFeedTest {
    private final String channel = ClusterServices.uniquePrefix() + "ops";
    private final RedisLink linkA = RedisLink.start(ClusterServices.redisUrl(), Duration.ofMillis(200));
    private final RedisLink linkB = RedisLink.start(ClusterServices.redisUrl(), Duration.ofMillis(200));
    private final RedisOpFeed nodeA = new RedisOpFeed(linkA, channel, "node-a");
    private final RedisOpFeed nodeB = new RedisOpFeed(linkB, channel, "node-b");
    private final RecordingFeed heardByA = new RecordingFeed();
    private final RecordingFeed heardByB = new RecordingFeed();

    @AfterEach
    void close() {
        linkA.close();
        linkB.close();
    }

    private void subscribeBoth() {
        nodeA.subscribe(heardByA);
        nodeB.subscribe(heardByB);
        Await.until(() -> heardByA.resyncs.get() == 1 && heardByB.resyncs.get() == 1,
                "both subscribed (a subscription asks for a resync)");
    }

    @Test
    void aCommittedBatchReachesTheOtherNodeWholeAndInOrder() {
        subscribeBoth();

        nodeA.publish("doc-1", ops(1, 3));
        nodeA.publish("doc-2", ops(7, 7));

        Await.until(() -> heardByB.batches.size() == 2, Duration.ofSeconds(10), () -> "B heard " + heardByB.batches);
        assertEquals(List.of(new RecordingFeed.Received("doc-1", ops(1, 3)),
                new RecordingFeed.Received("doc-2", ops(7, 7))), heardByB.batches);
        assertEquals(0, nodeA.failures());
    }

    @Test
    void aNodeDoesNotHearItsOwnBatches() {
        subscribeBoth();

        nodeA.publish("doc-1", ops(1, 1));
        nodeB.publish("doc-1", ops(2, 2));

        Await.until(() -> heardByA.batches.size() == 1 && heardByB.batches.size() == 1,
                Duration.ofSeconds(10), () -> "A heard " + heardByA.batches + ", B heard " + heardByB.batches);
        assertEquals(List.of(new RecordingFeed.Received("doc-1", ops(2, 2))), heardByA.batches);
        assertEquals(List.of(new RecordingFeed.Received("doc-1", ops(1, 1))), heardByB.batches);
    }
}
