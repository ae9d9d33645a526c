package dev.quire.limit;

import java.util.function.LongSupplier;

/**
 * A token bucket: holds up to {@code capacity} tokens, gains {@code perSecond} tokens a second, and each
 * permitted action takes one. A burst of {@code capacity} actions passes at once; after that the sustained rate
 * is {@code perSecond}. Thread-safe.
 */
public final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int capacity;
    private final double perSecond;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    /**
     * A full bucket.
     *
     * @param capacity  largest burst, at least 1
     * @param perSecond tokens gained per second, positive
     * @param nanoTime  a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
     */
    public TokenBucket(int capacity, double perSecond, LongSupplier nanoTime) {
        if (capacity < 1 || !(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("capacity must be at least 1 and the rate positive: "
                    + capacity + ", " + perSecond);
        }
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes a token if there is one. */
    public synchronized boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Returns a token taken by {@link #tryTake} (never beyond the capacity). */
    public synchronized void giveBack() {
        refill();
        tokens = Math.min(capacity, tokens + 1);
    }

    /** Nanoseconds until a token will be available; 0 if one is available now. */
    public synchronized long nanosUntilToken() {
        refill();
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perSecond * NANOS_PER_SECOND);
    }

    /** True when the bucket is full again: it then behaves exactly like a new one and may be forgotten. */
    public synchronized boolean isFull() {
        refill();
        return tokens >= capacity;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perSecond / NANOS_PER_SECOND);
            refilledAt = now;
        }
    }
}
