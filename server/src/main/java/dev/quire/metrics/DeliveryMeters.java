package dev.quire.metrics;

import dev.quire.webhook.DeliveryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** Webhook delivery meters: one timer per outcome, whose count is the number of attempts. Thread-safe. */
final class DeliveryMeters implements DeliveryMetrics {

    private final Timer succeeded;
    private final Timer failed;

    DeliveryMeters(MeterRegistry registry) {
        this.succeeded = timer(registry, "succeeded");
        this.failed = timer(registry, "failed");
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("quire.webhook.delivery")
                .description("Webhook delivery attempts by outcome (succeeded: 2xx; failed: other status, no answer,"
                        + " refused address), timed from request to response")
                .tag("outcome", outcome)
                .serviceLevelObjectives(LatencyBuckets.upTo30s())
                .register(registry);
    }

    @Override
    public void succeeded(Duration latency) {
        succeeded.record(latency);
    }

    @Override
    public void failed(Duration latency) {
        failed.record(latency);
    }
}
