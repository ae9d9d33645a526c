package dev.quire.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two nodes' presence on the real Redis, under a key prefix of this test's own. */
class RedisPresenceTest {
    private final String prefix = ClusterServices.uniquePrefix();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final RedisLink linkA = RedisLink.start(ClusterServices.redisUrl(), Duration.ofMillis(200));
    private final RedisLink linkB = RedisLink.start(ClusterServices.redisUrl(), Duration.ofMillis(200));
    private final List<PresenceEvent> heardByB = new CopyOnWriteArrayList<>();
    private final List<PresenceEvent> heardByA = new CopyOnWriteArrayList<>();

    private final ClusterPresence ada =
            new ClusterPresence("doc-1", "client-ada", "Ada", new ClusterPresence.Cursor(3, 0));
    private final ClusterPresence bob = new ClusterPresence("doc-1", "client-bob", "Bob", null);

    @AfterEach
    void close() throws InterruptedException {
        linkA.close();
        linkB.close();
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static List<ClusterPresence> whoIsHere(RedisPresence presence, String documentId) {
        return presence.whoIsHere(documentId).toCompletableFuture().join().stream()
                .sorted(java.util.Comparator.comparing(ClusterPresence::clientId)).toList();
    }

    private void connected() {
        Await.until(() -> linkA.connected() && linkB.connected(), "both nodes connected to Redis");
    }

    @Test
    void aJoiningNodeListsWhoIsHereOnEveryNode() {
        RedisPresence nodeA = new RedisPresence(linkA, prefix, "node-a", scheduler, Duration.ofSeconds(30));
        RedisPresence nodeB = new RedisPresence(linkB, prefix, "node-b", scheduler, Duration.ofSeconds(30));
        connected();

        nodeA.here(ada);
        nodeB.here(bob);

        Await.until(() -> whoIsHere(nodeB, "doc-1").size() == 2, "both participants listed");
        assertEquals(List.of(ada, bob), whoIsHere(nodeA, "doc-1"));
        assertEquals(List.of(), whoIsHere(nodeB, "doc-2"));
        assertEquals(0, nodeA.failures() + nodeB.failures());
    }

    @Test
    void changesReachTheOtherNodesAndNotTheSender() {
        RedisPresence nodeA = new RedisPresence(linkA, prefix, "node-a", scheduler, Duration.ofSeconds(30));
        RedisPresence nodeB = new RedisPresence(linkB, prefix, "node-b", scheduler, Duration.ofSeconds(30));
        nodeA.subscribe(heardByA::add);
        nodeB.subscribe(heardByB::add);
        connected();
        // A subscription is confirmed before anything the test publishes next only if it is awaited: publish a
        // probe until B hears one.
        ClusterPresence probe = new ClusterPresence("probe", "p", "probe", null);
        Await.until(() -> {
            nodeA.here(probe);
            return heardByB.stream().anyMatch(e -> e.documentId().equals("probe"));
        }, "B subscribed");
        nodeA.left("probe", "p");
        Await.until(() -> heardByB.contains(new PresenceEvent.Left("probe", "p")), "the probe left");
        heardByB.clear();

        ClusterPresence moved = new ClusterPresence("doc-1", "client-ada", "Ada", new ClusterPresence.Cursor(5, 2));
        nodeA.here(ada);
        nodeA.here(moved);
        nodeA.left("doc-1", "client-ada");

        Await.until(() -> heardByB.size() == 3, Duration.ofSeconds(10), () -> "B heard " + heardByB);
        assertEquals(List.of(new PresenceEvent.Here(ada), new PresenceEvent.Here(moved),
                new PresenceEvent.Left("doc-1", "client-ada")), heardByB);
        assertEquals(List.of(), heardByA, "a node does not hear itself");
        assertEquals(List.of(), whoIsHere(nodeB, "doc-1"), "left is removed at once");
    }

    @Test
    void aLiveSessionIsKeptPastItsTtlAndADeadNodesParticipantsExpire() {
        Duration ttl = Duration.ofMillis(300);
        AtomicInteger refreshes = new AtomicInteger();
        ScheduledExecutorService counting = Executors.newSingleThreadScheduledExecutor();
        try {
            counting.scheduleWithFixedDelay(refreshes::incrementAndGet, 100, 100, TimeUnit.MILLISECONDS);
            RedisPresence nodeA = new RedisPresence(linkA, prefix, "node-a", scheduler, ttl);
            RedisPresence nodeB = new RedisPresence(linkB, prefix, "node-b", scheduler, ttl);
            connected();

            nodeA.here(ada);
            int start = refreshes.get();
            Await.until(() -> refreshes.get() >= start + 6, "twice the ttl passed");
            assertEquals(List.of(ada), whoIsHere(nodeB, "doc-1"), "refreshed while the session lives");

            nodeA.close();
            Await.until(() -> whoIsHere(nodeB, "doc-1").isEmpty(), "the dead node's participant expired");
        } finally {
            counting.shutdownNow();
        }
    }
}
