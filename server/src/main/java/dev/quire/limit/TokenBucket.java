package dev.quire.limit;

import java.util.function.LongSupplier;

/**
 * A token bucket: holds up to {@code capacity} tokens, gains {@code perSecond} tokens a second, and each
 * permitted action takes one. A burst of {@code capacity} actions passes at once; after that the sustained rate
 * is {@code perSecond}. Thread-safe.
 *
 * <p>Weighted actions ({@link #tryTake(long)}, e.g. bytes written) take as many tokens as they weigh. One heavier
 * than the whole bucket would never pass, so it passes once the bucket is full and leaves it in debt: the debt is
 * paid back at the rate before anything else passes, so the sustained rate holds whatever the weights.
 */
public final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long capacity;
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
    public TokenBucket(long capacity, double perSecond, LongSupplier nanoTime) {
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

    /**
     * Takes {@code weight} tokens if there are that many, or if the bucket is full (an action heavier than the
     * bucket; it is left in debt).
     *
     * @throws IllegalArgumentException if {@code weight} is negative
     */
    public synchronized boolean tryTake(long weight) {
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative: " + weight);
        }
        refill();
        if (tokens >= needed(weight)) {
            tokens -= weight;
            return true;
        }
        return false;
    }

    /** Returns {@code weight} tokens taken by an action that did not happen after all (up to the capacity). */
    public synchronized void giveBack(long weight) {
        refill();
        tokens = Math.min(capacity, tokens + weight);
    }

    /** Nanoseconds until a token will be available; 0 if one is available now. */
    public synchronized long nanosUntilToken() {
        return nanosUntil(1);
    }

    /** Nanoseconds until {@link #tryTake(long) tryTake(weight)} would pass; 0 if it would pass now. */
    public synchronized long nanosUntil(long weight) {
        refill();
        double missing = needed(weight) - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / perSecond * NANOS_PER_SECOND);
    }

    private double needed(long weight) {
        return Math.min(weight, capacity);
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
