package dev.quire.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void tryTake_fullBucket_allowsTheBurstThenRefuses() {
        TokenBucket bucket = new TokenBucket(3, 1, now::get);
        assertTrue(bucket.tryTake());
        assertTrue(bucket.tryTake());
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
    }

    @Test
    void tryTake_afterTimePasses_refillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(2, 4, now::get); // one token every 250 ms
        bucket.tryTake();
        bucket.tryTake();
        assertFalse(bucket.tryTake());
        assertEquals(250_000_000L, bucket.nanosUntilToken());
        now.addAndGet(249_000_000L);
        assertFalse(bucket.tryTake());
        now.addAndGet(1_000_000L);
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
    }

    @Test
    void refill_neverExceedsCapacity() {
        TokenBucket bucket = new TokenBucket(2, 100, now::get);
        now.addAndGet(60_000_000_000L);
        assertTrue(bucket.isFull());
        assertTrue(bucket.tryTake());
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
    }

    @Test
    void constructor_invalidArguments_throw() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, Double.NaN, now::get));
    }
}
