package dev.quire.limit;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per key (a client address, a credential's hash, ...). Memory stays bounded: when more
 * than {@code maxKeys} keys are tracked, buckets that have filled up again (which behave like new ones) are
 * forgotten; if every bucket is still in use, new keys share one overflow bucket, so a flood of fresh keys is
 * limited as a whole instead of growing the map. Thread-safe.
 */
public final class RateLimiter {
    private static final String OVERFLOW = "\u0000overflow";

    private final long capacity;
    private final double perSecond;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** The outcome of one request: allowed, or refused with the time after which a retry can pass. */
    public record Decision(boolean allowed, Duration retryAfter) {
        static final Decision ALLOWED = new Decision(true, Duration.ZERO);
    }

    public RateLimiter(long capacity, double perSecond, int maxKeys, LongSupplier nanoTime) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1: " + maxKeys);
        }
        new TokenBucket(capacity, perSecond, nanoTime); // validates the arguments now, not on the first request
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    /** Takes a token from {@code key}'s bucket. */
    public Decision tryAcquire(String key) {
        return tryAcquire(key, 1);
    }

    /** Takes {@code weight} tokens from {@code key}'s bucket (see {@link TokenBucket#tryTake(long)}). */
    public Decision tryAcquire(String key, long weight) {
        TokenBucket bucket = bucketOf(key);
        if (bucket.tryTake(weight)) {
            return Decision.ALLOWED;
        }
        return new Decision(false, Duration.ofNanos(Math.max(1, bucket.nanosUntil(weight))));
    }

    /** Gives back {@code weight} tokens taken from {@code key}'s bucket for an action that did not happen. */
    public void giveBack(String key, long weight) {
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = buckets.get(OVERFLOW); // where the key's tokens went when the set was full
        }
        if (bucket != null) {
            bucket.giveBack(weight);
        }
    }

    private TokenBucket bucketOf(String key) {
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                buckets.values().removeIf(TokenBucket::isFull);
            }
            String k = buckets.size() >= maxKeys ? OVERFLOW : key;
            bucket = buckets.computeIfAbsent(k, x -> new TokenBucket(capacity, perSecond, nanoTime));
        }
        return bucket;
    }

    /** Keys tracked now (for tests and diagnostics). */
    public int trackedKeys() {
        return buckets.size();
    }
}
