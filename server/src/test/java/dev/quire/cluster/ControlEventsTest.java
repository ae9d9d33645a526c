package dev.quire.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import dev.quire.testkit.Await;
import dev.quire.testkit.CapturedLogs;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Control events between two nodes on the real Redis and PostgreSQL, on channels of this test's own. */
class ControlEventsTest {
    private final String redisChannel = ClusterServices.uniquePrefix() + "control";
    private final String pgChannel = ClusterServices.uniquePgChannel();
    private final RedisLink linkA = RedisLink.start(ClusterServices.redisUrl(), Duration.ofMillis(200));
    private final RedisLink linkB = RedisLink.start(ClusterServices.redisUrl(), Duration.ofMillis(200));
    private final List<ControlEvent> heardByA = new CopyOnWriteArrayList<>();
    private final List<ControlEvent> heardByB = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        linkA.close();
        linkB.close();
    }

    private ControlEvents node(Optional<RedisLink> link, String name) {
        return new ControlEvents(link, redisChannel, ClusterServices.postgresUrl(), pgChannel, name,
                Duration.ofMillis(100));
    }

    /** Probes each way until B hears it there: then B's subscriptions are in place. */
    private void awaitListening(boolean redisToo, List<ControlEvent> heard) {
        if (redisToo) {
            Await.until(linkA::connected, "A connected to Redis");
            Outage probing = new Outage(org.slf4j.LoggerFactory.getLogger(ControlEventsTest.class), "probing");
            Await.until(() -> {
                linkA.publish(redisChannel, ControlMessages.write(new ControlMessages.Sent(
                        java.util.UUID.randomUUID().toString(), "prober", new ControlEvent.Deleted("probe-redis"))),
                        probing);
                return heard.contains(new ControlEvent.Deleted("probe-redis"));
            }, "the receiver listens on Redis");
        }
        try (ControlEvents notifyOnly = node(Optional.empty(), "prober")) {
            Await.until(() -> {
                notifyOnly.publish(new ControlEvent.Deleted("probe-notify"));
                return heard.contains(new ControlEvent.Deleted("probe-notify"));
            }, "the receiver listens to NOTIFY");
        }
    }

    private List<ControlEvent> withoutProbes(List<ControlEvent> heard) {
        return heard.stream().filter(e -> !(e instanceof ControlEvent.Deleted d && d.documentId().startsWith("probe")))
                .toList();
    }

    @Test
    void eachEventReachesTheOtherNodeOnceThoughItTravelsBothWays() {
        try (ControlEvents nodeA = node(Optional.of(linkA), "node-a");
                ControlEvents nodeB = node(Optional.of(linkB), "node-b")) {
            nodeA.subscribe(heardByA::add);
            nodeB.subscribe(heardByB::add);
            awaitListening(true, heardByB);

            List<ControlEvent> events = List.of(new ControlEvent.Renamed("doc-1", "Notes \uD83D\uDE00"),
                    new ControlEvent.Deleted("doc-2"), new ControlEvent.GrantRevoked("grant-7"),
                    new ControlEvent.Renamed("doc-1", "Final"));
            events.forEach(nodeA::publish);

            Await.until(() -> withoutProbes(heardByB).size() >= 4, Duration.ofSeconds(10),
                    () -> "B heard " + heardByB);
            // The other way's copies come in the same order, so a last event heard both ways means both are done.
            ControlEvent last = new ControlEvent.GrantRevoked("last");
            nodeA.publish(last);
            Await.until(() -> heardByB.contains(last), "the last event");
            assertEquals(events, withoutProbes(heardByB).subList(0, 4));
            assertEquals(5, withoutProbes(heardByB).size(), () -> "each once: " + heardByB);
            assertEquals(List.of(), withoutProbes(heardByA), "a node does not hear itself");
            assertEquals(0, nodeA.failures());
        }
    }

    @Test
    void withoutRedisEventsTravelByNotify() {
        try (ControlEvents nodeA = node(Optional.empty(), "node-a");
                ControlEvents nodeB = node(Optional.empty(), "node-b")) {
            nodeB.subscribe(heardByB::add);
            awaitListening(false, heardByB);

            nodeA.publish(new ControlEvent.GrantRevoked("share-link-3"));

            Await.until(() -> withoutProbes(heardByB).size() == 1, Duration.ofSeconds(10),
                    () -> "B heard " + heardByB);
            assertEquals(List.of(new ControlEvent.GrantRevoked("share-link-3")), withoutProbes(heardByB));
        }
    }

    @Test
    void aMessageThatIsNotAControlEventIsIgnored() {
        try (CapturedLogs logs = CapturedLogs.of(ControlEvents.class);
                ControlEvents nodeB = node(Optional.of(linkB), "node-b")) {
            nodeB.subscribe(heardByB::add);
            awaitListening(true, heardByB);
            linkA.publish(redisChannel, "{\"id\":\"x\",\"node\":\"n\",\"type\":\"renamed\"}",
                    new Outage(org.slf4j.LoggerFactory.getLogger(ControlEventsTest.class), "test"));
            logs.await(Level.WARN, "renamed misses");
            assertEquals(List.of(), withoutProbes(heardByB));
        }
    }
}
