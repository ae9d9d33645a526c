package dev.quire.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.quire.testkit.CapturedLogs;
import dev.quire.testkit.ManualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class HeadCheckTest {
    private final ManualTime time = new ManualTime(Instant.parse("2026-12-06T10:00:00Z"));
    private final Map<String, Long> local = new ConcurrentHashMap<>();
    private final Map<String, Long> committed = new ConcurrentHashMap<>();
    private final List<String> behind = new ArrayList<>();
    private final List<Collection<String>> asked = new ArrayList<>();
    private RuntimeException storeFailure;

    private HeadCheck check() {
        return new HeadCheck(time.scheduler(), Duration.ofMillis(500), () -> new HashMap<>(local), ids -> {
            asked.add(List.copyOf(ids));
            if (storeFailure != null) {
                throw storeFailure;
            }
            Map<String, Long> heads = new HashMap<>();
            ids.forEach(id -> {
                if (committed.containsKey(id)) {
                    heads.put(id, committed.get(id));
                }
            });
            return heads;
        }, (id, from, to) -> behind.add(id + " " + from + ".." + to));
    }

    @Test
    void everyPeriodTheDocumentsBehindTheirCommittedHeadAreReported() {
        local.put("a", 5L);
        local.put("b", 7L);
        local.put("c", 2L);
        committed.put("a", 9L);
        committed.put("b", 7L);
        try (HeadCheck check = check()) {
            check.start();
            time.advance(Duration.ofMillis(499));
            assertEquals(List.of(), asked, "not before the period");

            time.advance(Duration.ofMillis(1));
            assertEquals(List.of("a 5..9"), behind, "b is current, c is unknown to the store (deleted)");
            assertEquals(1, asked.size(), "one read for all open documents");

            local.put("a", 9L);
            committed.put("b", 8L);
            time.advance(Duration.ofMillis(500));
            assertEquals(List.of("a 5..9", "b 7..8"), behind);
        }
    }

    @Test
    void nothingOpenAsksNothing() {
        try (HeadCheck check = check()) {
            check.start();
            time.advance(Duration.ofSeconds(5));
            assertEquals(List.of(), asked);
        }
    }

    @Test
    void checkNowChecksAtOnce() {
        local.put("a", 1L);
        committed.put("a", 3L);
        try (HeadCheck check = check()) {
            check.checkNow();
            assertEquals(List.of("a 1..3"), behind);
        }
    }

    @Test
    void aFailingStoreIsLoggedOncePerOutageAndTriedAgain() {
        local.put("a", 1L);
        committed.put("a", 3L);
        try (HeadCheck check = check(); CapturedLogs logs = CapturedLogs.of(HeadCheck.class)) {
            check.start();
            storeFailure = new IllegalStateException("database down");
            time.advance(Duration.ofMillis(1500));
            assertEquals(3, check.failures());
            assertEquals(List.of(), behind);

            storeFailure = null;
            time.advance(Duration.ofMillis(500));
            assertEquals(List.of("a 1..3"), behind);
            List<ILoggingEvent> events = logs.events();
            assertEquals(1, events.stream().filter(e -> e.getLevel() == Level.WARN).count(),
                    CapturedLogs.describe(events));
            logs.await(Level.INFO, "after 3 failures");
        }
    }

    @Test
    void oneDocumentFailingToCatchUpDoesNotStopTheOthers() {
        local.put("a", 1L);
        local.put("b", 1L);
        committed.put("a", 2L);
        committed.put("b", 2L);
        List<String> caughtUp = new ArrayList<>();
        try (CapturedLogs logs = CapturedLogs.of(HeadCheck.class);
                HeadCheck check = new HeadCheck(time.scheduler(), Duration.ofMillis(500), () -> local,
                        ids -> committed, (id, from, to) -> {
                            if (id.equals("a")) {
                                throw new IllegalStateException("broken document");
                            }
                            caughtUp.add(id);
                        })) {
            check.checkNow();
            assertEquals(List.of("b"), caughtUp);
            logs.await(Level.ERROR, "catching up document a");
        }
    }

    @Test
    void closeStopsTheChecks() {
        local.put("a", 1L);
        committed.put("a", 3L);
        HeadCheck check = check();
        check.start();
        check.close();
        time.advance(Duration.ofSeconds(5));
        assertEquals(List.of(), behind);
        assertEquals(0, time.pending());
    }

    /** A feed that reconnects while the node stops asks for a check after the scheduler is gone: nothing happens. */
    @Test
    void checkNowWhileTheNodeStops_isNoError() {
        local.put("a", 1L);
        committed.put("a", 3L);
        ScheduledExecutorService stopped = Executors.newSingleThreadScheduledExecutor();
        stopped.shutdownNow();
        try (CapturedLogs logs = CapturedLogs.of(HeadCheck.class);
                HeadCheck check = new HeadCheck(stopped, Duration.ofMillis(500), () -> local, ids -> committed,
                        (id, from, to) -> behind.add(id))) {
            check.checkNow();
            assertEquals(List.of(), behind);
            assertEquals(List.of(), logs.events().stream().filter(e -> e.getLevel() == Level.ERROR).toList());
        }
        HeadCheck closed = check();
        closed.close();
        closed.checkNow();
        assertEquals(0, time.pending());
    }
}
