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
    void tryTakeWeighted_takesTheWeight_andRefusesWhatIsNotThere() {
        TokenBucket bucket = new TokenBucket(1_000, 100, now::get);
        assertTrue(bucket.tryTake(600));
        assertFalse(bucket.tryTake(600));
        assertEquals(2_000_000_000L, bucket.nanosUntil(600), "200 tokens missing at 100 a second");
        now.addAndGet(2_000_000_000L);
        assertTrue(bucket.tryTake(600));
    }

    @Test
    void tryTakeWeighted_heavierThanTheBucket_passesWhenFull_andTheDebtIsPaidBeforeTheNext() {
        TokenBucket bucket = new TokenBucket(100, 10, now::get);
        assertTrue(bucket.tryTake(300), "a full bucket lets one oversized action through");
        assertFalse(bucket.tryTake(1));
        assertEquals(20_100_000_000L, bucket.nanosUntil(1), "200 of debt and 1 token at 10 a second");
        now.addAndGet(20_000_000_000L);
        assertFalse(bucket.tryTake(1));
        now.addAndGet(100_000_000L);
        assertTrue(bucket.tryTake(1));
    }

    @Test
    void giveBack_returnsTokens_upToTheCapacity() {
        TokenBucket bucket = new TokenBucket(100, 1, now::get);
        assertTrue(bucket.tryTake(80));
        bucket.giveBack(50);
        assertTrue(bucket.tryTake(70));
        bucket.giveBack(1_000);
        assertTrue(bucket.isFull());
    }

    @Test
    void constructor_invalidArguments_throw() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, Double.NaN, now::get));
    }
}
