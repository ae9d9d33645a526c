package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.store.DocumentStore;
import dev.quire.store.StorageException;
import dev.quire.testkit.Await;
import dev.quire.testkit.CapturedLogs;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cluster's readiness follows whether the database answers, read from memory by health requests. */
class StorageProbeTest {

    /** What the fake database does at each read of heads: answer, fail, or hang until released. */
    private enum Mode { ANSWER, FAIL, HANG }

    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.ANSWER);
    private final AtomicInteger reads = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    /** Counted down by the read that hangs, once it has seen HANG: a read counted before the switch may still answer. */
    private final CountDownLatch hanging = new CountDownLatch(1);
    private final AtomicLong now = new AtomicLong();

    private DocumentStore store() {
        return (DocumentStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DocumentStore.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("heads")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    reads.incrementAndGet();
                    switch (mode.get()) {
                        case FAIL -> throw new StorageException("connection refused");
                        case HANG -> {
                            hanging.countDown();
                            release.await();
                        }
                        default -> { }
                    }
                    return Map.of();
                });
    }

    @Test
    void aFailingDatabase_isUnreachable_untilItAnswersAgain() {
        try (CapturedLogs logs = CapturedLogs.of(StorageProbe.class);
             StorageProbe probe = new StorageProbe(store(), Duration.ofMillis(20), now::get)) {
            Await.until(() -> reads.get() >= 1, "first read");
            assertTrue(probe.reachable());
            mode.set(Mode.FAIL);
            Await.until(() -> !probe.reachable(), "not reachable once a read failed");
            mode.set(Mode.ANSWER);
            Await.until(probe::reachable, "reachable again after an answer");
            logs.await(ch.qos.logback.classic.Level.WARN, "does not answer");
        }
    }

    @Test
    void aHangingDatabase_isUnreachable_onceTheLastAnswerIsThreePeriodsOld() {
        try (StorageProbe probe = new StorageProbe(store(), Duration.ofMillis(20), now::get)) {
            Await.until(() -> reads.get() >= 1, "first read");
            mode.set(Mode.HANG);
            Await.until(() -> hanging.getCount() == 0, "a read that hangs");
            now.addAndGet(Duration.ofMillis(60).toNanos());
            assertTrue(probe.reachable(), "three periods is not overdue yet");
            now.addAndGet(1);
            assertFalse(probe.reachable(), "a probe overdue means not ready, though nothing failed");
        } finally {
            release.countDown();
        }
    }
}
