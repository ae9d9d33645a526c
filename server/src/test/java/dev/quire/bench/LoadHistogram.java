package dev.quire.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram in microseconds: exact below 2,048 µs, then 1,024 sub-buckets per
 * power of two (relative error under 0.1 %), up to about 2^40 µs. Recording is one atomic increment,
 * so observer threads can share one instance. Percentiles report the bucket's lower bound.
 */
final class LoadHistogram {
    private static final int LINEAR = 2048;
    private static final int SUB_BITS = 10;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_EXPONENT = 40;

    private final AtomicLongArray counts = new AtomicLongArray(LINEAR + (MAX_EXPONENT - 10) * SUB);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong sum = new AtomicLong();

    void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        counts.incrementAndGet(index(micros));
        count.incrementAndGet();
        sum.addAndGet(micros);
        long seen = max.get();
        while (micros > seen && !max.compareAndSet(seen, micros)) {
            seen = max.get();
        }
    }

    private static int index(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros); // >= 11
        if (exponent >= MAX_EXPONENT) {
            return LINEAR + (MAX_EXPONENT - 11) * SUB + SUB - 1;
        }
        int sub = (int) ((micros >>> (exponent - SUB_BITS)) & (SUB - 1));
        return LINEAR + (exponent - 11) * SUB + sub;
    }

    private static long lowerBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = (index - LINEAR) / SUB + 11;
        int sub = (index - LINEAR) % SUB;
        return (1L << exponent) + ((long) sub << (exponent - SUB_BITS));
    }

    long count() {
        return count.get();
    }

    long maxMicros() {
        return max.get();
    }

    double meanMicros() {
        long n = count.get();
        return n == 0 ? 0 : (double) sum.get() / n;
    }

    /** The smallest recorded value (µs, bucket lower bound) that at least {@code q} of the samples do not exceed. */
    long percentileMicros(double q) {
        long n = count.get();
        if (n == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return lowerBound(i);
            }
        }
        return max.get();
    }

    /** "p50 / p99 / max" in milliseconds with three decimals, or "-" without samples. */
    String summary() {
        if (count() == 0) {
            return "-";
        }
        return String.format("%s / %s / %s", ms(percentileMicros(0.50)), ms(percentileMicros(0.99)), ms(maxMicros()));
    }

    /** p90 / p95 / p99.9, to tell a long plateau (pauses) from a slope (queueing). */
    String tail() {
        if (count() == 0) {
            return "-";
        }
        return String.format("%s / %s / %s", ms(percentileMicros(0.90)), ms(percentileMicros(0.95)),
                ms(percentileMicros(0.999)));
    }

    static String ms(long micros) {
        return String.format(java.util.Locale.ROOT, "%.3f", micros / 1000.0);
    }
}
