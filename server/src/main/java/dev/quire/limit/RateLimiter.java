package dev.quire.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per key (a client address, an authenticated principal, ...), kept in a bounded Caffeine
 * cache so that every request costs O(1) however many keys there are. A bucket nobody touched for as long as it
 * takes to fill up again is dropped: it would behave exactly like a new one, so forgetting it loses nothing. Beyond
 * {@code maxKeys} the cache evicts the keys least likely to come back (frequency-based admission), so a flood of
 * fresh keys cannot push out the buckets of steady clients wholesale. Thread-safe.
 */
public final class RateLimiter {
    private final long capacity;
    private final double perSecond;
    private final LongSupplier nanoTime;
    private final Cache<String, TokenBucket> buckets;

    /** The outcome of one request: allowed, or refused with the time after which a retry can pass. */
    public record Decision(boolean allowed, Duration retryAfter) {
        static final Decision ALLOWED = new Decision(true, Duration.ZERO);
    }

    /**
     * @param capacity  each bucket's burst, at least 1
     * @param perSecond each bucket's sustained rate, positive
     * @param maxKeys   buckets kept at most, at least 1
     * @param nanoTime  a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests); it drives both the
     *                  buckets and their expiry
     */
    public RateLimiter(long capacity, double perSecond, int maxKeys, LongSupplier nanoTime) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1: " + maxKeys);
        }
        new TokenBucket(capacity, perSecond, nanoTime); // validates the arguments now, not on the first request
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        Duration refill = Duration.ofNanos((long) Math.ceil(capacity / perSecond * 1e9));
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(refill)
                .ticker(nanoTime::getAsLong)
                // Maintenance (eviction, expiry) runs on the calling thread, amortised O(1): no background pool
                // to size, and tests see a deterministic cache.
                .executor(Runnable::run)
                .build();
    }

    /** Takes a token from {@code key}'s bucket. */
    public Decision tryAcquire(String key) {
        return tryAcquire(key, 1);
    }

    /**
     * Takes {@code weight} tokens from {@code key}'s bucket (see {@link TokenBucket#tryTake(long)}). A bucket left in
     * debt by an action heavier than itself may be forgotten once it has been idle for a full refill time, a little
     * before the debt is paid: that forgives at most one bucket's worth, and keeps the cache's expiry simple.
     */
    public Decision tryAcquire(String key, long weight) {
        TokenBucket bucket = buckets.get(key, k -> new TokenBucket(capacity, perSecond, nanoTime));
        if (bucket.tryTake(weight)) {
            return Decision.ALLOWED;
        }
        return new Decision(false, Duration.ofNanos(Math.max(1, bucket.nanosUntil(weight))));
    }

    /**
     * Gives back {@code weight} tokens taken from {@code key}'s bucket for an action that did not happen, or that
     * turned out to count against another key (an address's token once the request authenticated as a principal).
     */
    public void giveBack(String key, long weight) {
        TokenBucket bucket = buckets.getIfPresent(key);
        if (bucket != null) {
            bucket.giveBack(weight);
        }
    }


    /** Keys tracked now, after pending evictions (for tests and diagnostics). */
    public long trackedKeys() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
