package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.quire.testkit.Await;
import dev.quire.testkit.CapturedLogs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The document's sequence: one task at a time, in order, on the pool or (executeHere, when idle) on the caller. */
class SerialExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final SerialExecutor serial = new SerialExecutor(pool, "doc-1");

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void executeHere_onAnIdleDocument_runsTheTaskOnTheCallingThread_beforeReturning() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<String> documentInContext = new AtomicReference<>();
        serial.executeHere(() -> {
            ranOn.set(Thread.currentThread());
            documentInContext.set(MDC.get(SerialExecutor.LOG_DOCUMENT));
        });
        assertSame(Thread.currentThread(), ranOn.get());
        assertEquals("doc-1", documentInContext.get());
        assertNull(MDC.get(SerialExecutor.LOG_DOCUMENT), "the caller's logging context is as it was");
        assertTrue(serial.isIdle());
    }

    @Test
    void executeHere_whileATaskRuns_queuesBehindIt_andThePoolRunsItInOrder() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        serial.execute(() -> {
            running.countDown();
            await(release);
            order.add("first");
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        AtomicReference<Thread> secondRanOn = new AtomicReference<>();
        serial.executeHere(() -> {
            secondRanOn.set(Thread.currentThread());
            order.add("second");
        });
        assertEquals(List.of(), order, "it did not run on the caller while the first was running");
        release.countDown();
        awaitIdle();
        assertEquals(List.of("first", "second"), order);
        assertTrue(secondRanOn.get() != Thread.currentThread());
    }

    @Test
    void tasksQueuedWhileTheCallerRunsOne_goToThePool_theCallerRunsOnlyItsOwn() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Thread> laterRanOn = new AtomicReference<>();
        serial.executeHere(() -> {
            order.add("own");
            serial.execute(() -> {
                laterRanOn.set(Thread.currentThread());
                order.add("queued meanwhile");
            });
            order.add("own, end");
        });
        awaitIdle();
        assertEquals(List.of("own", "own, end", "queued meanwhile"), order);
        assertTrue(laterRanOn.get() != Thread.currentThread(), "the caller was not kept for the document's other work");
    }

    @Test
    void aFailingTask_runHere_doesNotStopTheSequence() throws InterruptedException {
        try (CapturedLogs logs = CapturedLogs.of(SerialExecutor.class)) {
            serial.executeHere(() -> {
                throw new IllegalStateException("expected by the test");
            });
            assertEquals("expected by the test",
                    logs.await(Level.ERROR, "task failed in document sequence").getThrowableProxy().getMessage());
        }
        assertTrue(serial.isIdle());
        CountDownLatch ran = new CountDownLatch(1);
        serial.execute(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS));
    }

    @Test
    void executeHere_insideAnotherDocumentsTask_restoresThatDocumentsLoggingContext() {
        SerialExecutor other = new SerialExecutor(pool, "doc-2");
        AtomicReference<String> afterwards = new AtomicReference<>();
        other.executeHere(() -> {
            serial.executeHere(() -> { });
            afterwards.set(MDC.get(SerialExecutor.LOG_DOCUMENT));
        });
        assertEquals("doc-2", afterwards.get());
    }

    private void awaitIdle() {
        Await.until(serial::isIdle, "the document's sequence finishes");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void supply_passesTheOutcomeOfTheWorksFuture_andAFailingWorkFailsItWithoutStoppingTheSequence() {
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture<String> outcome = serial.supply(() -> later);
        CompletableFuture<String> failed = serial.supply(() -> {
            throw new IllegalStateException("broken on purpose");
        });
        CompletableFuture<String> next = serial.supply(() -> CompletableFuture.completedFuture("next"));

        assertEquals("next", next.orTimeout(10, TimeUnit.SECONDS).join());
        assertTrue(failed.isCompletedExceptionally());
        assertFalse(outcome.isDone(), "the work's future has not completed yet");
        later.complete("done");
        assertEquals("done", outcome.join());
    }
}
