package dev.quire.metrics;

import java.time.Duration;

/**
 * The histogram buckets of Quire's timers: a fixed 1-2.5-5 ladder from 1 ms to 30 s. Fixed rather than Micrometer's
 * percentile histogram (about 70 buckets per timer), so a scrape stays short and {@code histogram_quantile} still
 * has enough resolution where edits and deliveries live.
 */
final class LatencyBuckets {

    private LatencyBuckets() {
    }

    static Duration[] upTo30s() {
        return new Duration[] {ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500),
                ms(1_000), ms(2_500), ms(5_000), ms(10_000), ms(30_000)};
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
