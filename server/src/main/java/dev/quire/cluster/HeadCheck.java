package dev.quire.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic check that catches what the feed between nodes lost: every period it asks the store for the
 * committed head of every open document and reports those whose local copy is behind, to be filled from the store.
 * One query per period for all open documents, whatever their number.
 *
 * <p>Runs on the scheduler it is given, which must run one task at a time (a check waits for the store, so not a
 * thread that serves anything else). A failing store is logged once per outage and tried again next period.
 */
public final class HeadCheck implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeadCheck.class);

    /** The documents open on this node, each with the version its local copy is at. */
    @FunctionalInterface
    public interface OpenDocuments {
        Map<String, Long> localHeads();
    }

    /** The committed head version of each document: {@code DocumentStore::heads}. */
    @FunctionalInterface
    public interface CommittedHeads {
        Map<String, Long> heads(Collection<String> documentIds);
    }

    /** Told of each open document whose local copy is behind its committed head. */
    @FunctionalInterface
    public interface Behind {
        void behind(String documentId, long localHead, long committedHead);
    }

    private final ScheduledExecutorService scheduler;
    private final long periodNanos;
    private final OpenDocuments open;
    private final CommittedHeads heads;
    private final Behind report;
    private final Outage outage = new Outage(log, "reading the committed heads of the open documents");
    private ScheduledFuture<?> next;
    private boolean closed;

    public HeadCheck(ScheduledExecutorService scheduler, Duration period, OpenDocuments open, CommittedHeads heads,
            Behind report) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.periodNanos = period.toNanos();
        this.open = Objects.requireNonNull(open, "open");
        this.heads = Objects.requireNonNull(heads, "heads");
        this.report = Objects.requireNonNull(report, "report");
    }

    /** Checks every period from now on, the first after one period. */
    public synchronized void start() {
        if (!closed && next == null) {
            schedule();
        }
    }

    /** Checks at once, on the scheduler (after a reconnect of the feed: what it lost meanwhile is in the store). */
    public void checkNow() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        try {
            scheduler.execute(this::check);
        } catch (RejectedExecutionException stopping) {
            // The node is stopping (its scheduler shut down before the feed that asks): nothing is left to catch up.
            log.debug("head check not run: the scheduler is shut down");
        }
    }

    /** Failed reads of the heads so far. */
    public long failures() {
        return outage.failures();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    private synchronized void schedule() {
        if (!closed) {
            next = scheduler.schedule(this::periodic, periodNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void periodic() {
        try {
            check();
        } finally {
            schedule();
        }
    }

    private void check() {
        Map<String, Long> local = open.localHeads();
        if (local.isEmpty()) {
            return;
        }
        Map<String, Long> committed;
        try {
            committed = heads.heads(local.keySet());
            outage.succeeded();
        } catch (RuntimeException e) {
            outage.failed(e);
            return;
        }
        local.forEach((id, localHead) -> {
            Long head = committed.get(id);
            if (head != null && head > localHead) {
                try {
                    report.behind(id, localHead, head);
                } catch (RuntimeException e) {
                    // One document's failure must not keep the others from catching up.
                    log.error("catching up document {} from {} to {} failed", id, localHead, head, e);
                }
            }
        });
    }
}
