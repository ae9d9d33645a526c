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
    private final Counter conflicts;
    private final Counter othersFirst;
    private final Counter catchUps;
    private final Counter caughtUpOps;

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
        this.conflicts = Counter.builder("quire.cluster.commit.conflicts")
                .description("Appends whose answer held ops other nodes committed first (rebased, never retried)")
                .register(registry);
        this.othersFirst = Counter.builder("quire.cluster.commit.conflict.ops")
                .description("Ops of other nodes that appends were rebased past")
                .register(registry);
        this.catchUps = Counter.builder("quire.cluster.catchups")
                .description("Reads of other nodes' ops from the store to close a gap (lost message, hint, head check)")
                .register(registry);
        this.caughtUpOps = Counter.builder("quire.cluster.catchup.ops")
                .description("Ops of other nodes read from the store by catch-ups")
                .register(registry);
    }

    @Override
    public void othersCommittedFirst(int ops) {
        conflicts.increment();
        othersFirst.increment(ops);
    }

    @Override
    public void caughtUp(int ops) {
        catchUps.increment();
        caughtUpOps.increment(ops);
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
