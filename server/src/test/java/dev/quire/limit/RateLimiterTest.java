package dev.quire.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
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
    void tryAcquire_manyKeys_forgetsIdleBucketsAndSharesOneWhenAllAreBusy() {
        RateLimiter limiter = new RateLimiter(1, 1, 3, now::get);
        for (String key : new String[] {"a", "b", "c"}) {
            assertTrue(limiter.tryAcquire(key).allowed());
        }
        // All three are empty (in use): new keys go to one shared overflow bucket.
        assertTrue(limiter.tryAcquire("d").allowed());
        assertFalse(limiter.tryAcquire("e").allowed());
        assertTrue(limiter.trackedKeys() <= 4);
        // Once the buckets have filled up again they are forgotten and new keys get their own.
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertTrue(limiter.tryAcquire("f").allowed());
        assertTrue(limiter.trackedKeys() <= 2, "idle buckets were dropped: " + limiter.trackedKeys());
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
