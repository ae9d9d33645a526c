package dev.quire.metrics;

import dev.quire.cluster.FeedMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The feed between the nodes of a cluster, as {@code quire_cluster_*} meters. */
final class FeedMeters implements FeedMetrics {
    private final Timer lag;
    private final Counter gaps;
    private final Counter missing;
    private final Counter resyncs;

    FeedMeters(MeterRegistry registry) {
        this.lag = Timer.builder("quire.cluster.feed.lag")
                .description("From another node's commit to its batch arriving here on pub/sub (two machines' clocks)")
                .serviceLevelObjectives(LatencyBuckets.upTo30s())
                .register(registry);
        this.gaps = Counter.builder("quire.cluster.pubsub.gaps")
                .description("Batches that arrived on pub/sub past versions never heard there (lost or late messages)")
                .register(registry);
        this.missing = Counter.builder("quire.cluster.pubsub.gap.versions")
                .description("Versions skipped by pub/sub gaps, read from the store instead")
                .register(registry);
        this.resyncs = Counter.builder("quire.cluster.resyncs")
                .description("Reconnects of the feed (Redis, LISTEN) after which every open document was checked")
                .register(registry);
    }

    @Override
    public void lag(Duration value) {
        lag.record(value.isNegative() ? Duration.ZERO : value);
    }

    @Override
    public void gap(long versions) {
        gaps.increment();
        missing.increment(versions);
    }

    @Override
    public void resync() {
        resyncs.increment();
    }
}
