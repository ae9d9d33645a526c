package dev.quire.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void tryAcquire_keysHaveTheirOwnBuckets() {
        RateLimiter limiter = new RateLimiter(2, 1, 100, now::get);
        assertTrue(limiter.tryAcquire("a").allowed());
        assertTrue(limiter.tryAcquire("a").allowed());
        RateLimiter.Decision refused = limiter.tryAcquire("a");
        assertFalse(refused.allowed());
        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
        assertTrue(limiter.tryAcquire("b").allowed(), "another client is not limited by the first");
    }

    @Test
    void tryAcquire_idleBuckets_areForgottenOnceTheyWouldBeFullAgain() {
        RateLimiter limiter = new RateLimiter(4, 2, 100, now::get); // full again 2 s after the last take
        for (String key : new String[] {"a", "b", "c"}) {
            assertTrue(limiter.tryAcquire(key).allowed());
        }
        now.addAndGet(Duration.ofMillis(1_900).toNanos());
        assertEquals(3, limiter.trackedKeys(), "not yet full again: kept");
        now.addAndGet(Duration.ofMillis(200).toNanos());
        assertEquals(0, limiter.trackedKeys(), "full again: forgotten, as a new bucket would be the same");
    }

    @Test
    void tryAcquire_farMoreKeysThanTheBound_keepsAtMostTheBound() {
        int maxKeys = 1_000;
        RateLimiter limiter = new RateLimiter(5, 1, maxKeys, now::get);
        for (int i = 0; i < 20 * maxKeys; i++) {
            assertTrue(limiter.tryAcquire("key-" + i).allowed(), "a fresh key has its own full bucket");
        }
        assertTrue(limiter.trackedKeys() <= maxKeys, "tracked " + limiter.trackedKeys());
    }

    /**
     * The cost of a request must not grow with the keys tracked. Counted in reads of the clock (every bucket a
     * request touches reads it), never in wall-clock time: a limiter that sweeps its buckets when full reads it once
     * per bucket.
     */
    @Test
    void tryAcquire_withTheBoundReached_costsTheSameAsWithFewKeys() {
        int maxKeys = 10_000;
        AtomicLong reads = new AtomicLong();
        LongSupplier countingClock = () -> {
            reads.incrementAndGet();
            return now.get();
        };
        RateLimiter limiter = new RateLimiter(5, 1, maxKeys, countingClock);
        long fewKeys = maxReadsPerRequest(limiter, reads, "warm-", 100);
        for (int i = 0; i < maxKeys; i++) {
            limiter.tryAcquire("busy-" + i); // each bucket has given a token: none is full, none may be dropped
        }
        long full = maxReadsPerRequest(limiter, reads, "fresh-", 1_000);
        assertTrue(full <= Math.max(fewKeys, 1) * 4 && full < 100,
                "clock reads per request: " + fewKeys + " with few keys, " + full + " with " + maxKeys);
        assertTrue(limiter.trackedKeys() <= maxKeys);
    }

    private static long maxReadsPerRequest(RateLimiter limiter, AtomicLong reads, String prefix, int requests) {
        long max = 0;
        for (int i = 0; i < requests; i++) {
            long before = reads.get();
            limiter.tryAcquire(prefix + i);
            max = Math.max(max, reads.get() - before);
        }
        return max;
    }

    @Test
    void giveBack_returnsATakenToken_neverBeyondTheBurst() {
        RateLimiter limiter = new RateLimiter(2, 1, 100, now::get);
        assertTrue(limiter.tryAcquire("a").allowed());
        assertTrue(limiter.tryAcquire("a").allowed());
        limiter.giveBack("a", 1);
        assertTrue(limiter.tryAcquire("a").allowed(), "the refunded token");
        assertFalse(limiter.tryAcquire("a").allowed());
        limiter.giveBack("a", 1);
        limiter.giveBack("a", 1);
        limiter.giveBack("a", 1);
        assertTrue(limiter.tryAcquire("a").allowed());
        assertTrue(limiter.tryAcquire("a").allowed());
        assertFalse(limiter.tryAcquire("a").allowed(), "refunds never raise a bucket above its burst");
        limiter.giveBack("unknown", 1); // nothing to give back to: no bucket is made
        assertEquals(1, limiter.trackedKeys());
    }

    @Test
    void tryAcquireWeighted_refusesWithTheTimeTheWeightNeeds_andGiveBackUndoesATake() {
        RateLimiter limiter = new RateLimiter(1_000, 100, 100, now::get);
        assertTrue(limiter.tryAcquire("a", 900).allowed());
        RateLimiter.Decision refused = limiter.tryAcquire("a", 300);
        assertFalse(refused.allowed());
        assertEquals(Duration.ofSeconds(2), refused.retryAfter(), "200 tokens missing at 100 a second");
        limiter.giveBack("a", 900);
        assertTrue(limiter.tryAcquire("a", 1_000).allowed());
    }
}
