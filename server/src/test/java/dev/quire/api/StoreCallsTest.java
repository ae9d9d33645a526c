package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool REST resources wait for the disk on: its own threads, what a call threw kept, and a bound that refuses. */
class StoreCallsTest {
    private final StoreCalls calls = new StoreCalls(1, 1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        calls.close();
    }

    @Test
    void aCall_runsOnAPoolThreadOfItsOwn_andKeepsWhatItThrew() {
        assertTrue(calls.run(() -> Thread.currentThread().getName()).join().startsWith("quire-store-call-"));
        ApiException refusal = new ApiException(ApiError.NOT_FOUND, "no such thing");
        CompletionException failed = assertThrows(CompletionException.class, () -> calls.run(() -> {
            throw refusal;
        }).join());
        assertSame(refusal, failed.getCause(), "the problem mapper unwraps it to the very same answer");
    }

    @Test
    void aFullPool_refusesAtOnceWith503ServerBusy_andTakesCallsAgainOnceThereIsRoom() throws Exception {
        CompletableFuture<Boolean> busy = calls.run(this::waitForRelease);
        CompletableFuture<Boolean> queued = calls.run(this::waitForRelease);
        ApiException refused = assertThrows(ApiException.class, () -> calls.run(() -> true));
        assertEquals(503, refused.status());
        assertEquals("server_busy", refused.codeWire());
        assertEquals(1L, refused.retryAfterSeconds());

        release.countDown();
        assertTrue(busy.get(10, TimeUnit.SECONDS) && queued.get(10, TimeUnit.SECONDS));
        assertTrue(calls.run(() -> true).get(10, TimeUnit.SECONDS));
    }

    private boolean waitForRelease() {
        try {
            return release.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
