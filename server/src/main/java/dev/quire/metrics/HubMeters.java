package dev.quire.metrics;

import dev.quire.collab.HubMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** The edit path's meters. Thread-safe. */
final class HubMeters implements HubMetrics {

    private final Counter applied;
    private final Counter transformed;
    private final Timer commit;
    private final Timer fanOut;
    private final Counter failures;
    private final Counter busy;

    HubMeters(MeterRegistry registry) {
        this.applied = Counter.builder("quire.ops.applied")
                .description("Ops applied to documents (WebSocket and REST edits); its rate is ops per second")
                .register(registry);
        this.transformed = Counter.builder("quire.ops.transformed")
                .description("Ops transformed against ops committed since their base version (concurrent edits)")
                .register(registry);
        this.commit = Timer.builder("quire.op.commit")
                .description("From the hub receiving an op to its commit being durable (queue, transform, fsync)")
                .serviceLevelObjectives(LatencyBuckets.upTo30s())
                .register(registry);
        this.fanOut = Timer.builder("quire.broadcast.fanout")
                .description("From an op's commit completing to the last other participant's transport accepting"
                        + " it for sending (not the network time to the browsers)")
                .serviceLevelObjectives(LatencyBuckets.upTo30s())
                .register(registry);
        this.failures = Counter.builder("quire.documents.failed")
                .description("Documents closed because a commit failed (their sessions reconnect and resend)")
                .register(registry);
        this.busy = Counter.builder("quire.ops.refused.busy")
                .description("Ops (or batches) refused with server_busy because the store's write queue was full")
                .register(registry);
    }

    @Override
    public void opApplied(boolean wasTransformed) {
        applied.increment();
        if (wasTransformed) {
            transformed.increment();
        }
    }

    @Override
    public void opCommitted(Duration sinceSubmit) {
        commit.record(sinceSubmit);
    }

    @Override
    public void broadcast(int recipients, Duration duration) {
        fanOut.record(duration);
    }

    @Override
    public void storeBusy() {
        busy.increment();
    }

    @Override
    public void commitFailed() {
        failures.increment();
    }
}
