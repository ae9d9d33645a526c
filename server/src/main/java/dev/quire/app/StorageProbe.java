package dev.quire.app;

import dev.quire.store.DocumentStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the shared database answers, for {@code /health/ready} in cluster mode: a small read every period on a
 * thread of its own, so that a health request answers from memory and a database that hangs stalls only the probe.
 * Reachable while the last answer is recent: a probe that hangs makes the node not ready when it is overdue.
 */
final class StorageProbe implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StorageProbe.class);
    /** An id no document has (ids are checked): the read touches the documents table and finds nothing. */
    private static final List<String> NO_DOCUMENT = List.of(" probe");

    private final DocumentStore store;
    private final long staleNanos;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService thread;
    private volatile long lastAnswer;
    private volatile boolean failing;

    /** @param period time between two reads; reachable while an answer is younger than three periods */
    StorageProbe(DocumentStore store, Duration period, LongSupplier nanoTime) {
        this.store = store;
        this.staleNanos = period.toNanos() * 3;
        this.nanoTime = nanoTime;
        this.lastAnswer = nanoTime.getAsLong();
        this.thread = Executors.newSingleThreadScheduledExecutor(Threads.named("quire-storage-probe"));
        thread.scheduleWithFixedDelay(this::probe, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether the database answered within the last three periods. */
    boolean reachable() {
        return !failing && nanoTime.getAsLong() - lastAnswer <= staleNanos;
    }

    private void probe() {
        try {
            store.heads(NO_DOCUMENT);
            lastAnswer = nanoTime.getAsLong();
            if (failing) {
                log.info("the database answers again");
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("the database does not answer, the node reports not ready: {}", e.toString());
            }
            failing = true;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
