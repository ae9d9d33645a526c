package dev.quire.metrics;

import dev.quire.store.StorageMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Storage failure counters. Thread-safe. */
final class StorageMeters implements StorageMetrics {

    private final Counter writes;
    private final Counter reads;

    StorageMeters(MeterRegistry registry) {
        this.writes = counter(registry, "write");
        this.reads = counter(registry, "read");
    }

    private static Counter counter(MeterRegistry registry, String operation) {
        return Counter.builder("quire.storage.errors")
                .description("Failed storage transactions, by operation (a failed write fails every op in it)")
                .tag("operation", operation)
                .register(registry);
    }

    @Override
    public void writeFailed() {
        writes.increment();
    }

    @Override
    public void readFailed() {
        reads.increment();
    }
}
