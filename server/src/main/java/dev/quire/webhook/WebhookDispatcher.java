package dev.quire.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers due deliveries from the {@link WebhookStore}, at least once, off the editing path: one loop thread
 * claims what is due (leasing it) and hands it to at most {@code maxConcurrency} worker threads, so a slow
 * receiver occupies a worker, never an editor's thread. The loop wakes when {@link #wake()} is called (a message
 * was enqueued, a manual redelivery, a worker finished), or every {@code pollInterval} - which also picks up
 * deliveries that came due with the passing of (possibly fake) time.
 *
 * <p>Everything pending is in the store, so a new dispatcher on the same store resumes it: nothing is lost to a
 * crash or restart. A delivery in flight when the process died is retried once its lease runs out, hence "at
 * least once". Thread-safe; start once, stop once.
 */
public final class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final WebhookStore store;
    private final DeliveryRunner runner;
    private final Clock clock;
    private final int maxConcurrency;
    private final Duration pollInterval;
    private final Duration lease;
    private final Duration logRetention;
    private Instant nextPrune = Instant.MIN; // only the loop thread reads and writes it
    private final ExecutorService workers;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The deliveries being attempted now, so that stop can hand back those whose attempt does not finish. */
    private final Set<Delivery> attempting = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private boolean woken; // guarded by signal
    private volatile boolean running;
    private Thread loop;

    WebhookDispatcher(WebhookStore store, DeliveryRunner runner, Clock clock, WebhookSettings settings) {
        this.store = store;
        this.runner = runner;
        this.clock = clock;
        this.maxConcurrency = settings.maxConcurrency();
        this.pollInterval = settings.pollInterval();
        this.lease = settings.lease();
        this.logRetention = settings.logRetention();
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(maxConcurrency, r -> {
            Thread t = new Thread(r, "quire-webhook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the loop. @throws IllegalStateException if started before */
    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        loop = new Thread(this::run, "quire-webhook-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    /** Makes the loop look for due deliveries now rather than at its next poll. Cheap; callable from anywhere. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /**
     * Stops claiming, and waits up to {@code grace} for attempts in flight; attempts still running then (a receiver
     * that does not answer) are abandoned: interrupted, and their deliveries released from their lease and due at
     * once, so the next start tries them again without waiting for the lease to run out. Idempotent.
     */
    public void stop(Duration grace) {
        running = false;
        wake();
        Thread t;
        synchronized (this) {
            t = loop;
        }
        try {
            if (t != null) {
                t.join(grace.toMillis());
            }
            workers.shutdown();
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
                releaseAbandoned();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            releaseAbandoned();
            Thread.currentThread().interrupt();
        }
    }

    private void releaseAbandoned() {
        Instant now = clock.instant();
        for (Delivery delivery : List.copyOf(attempting)) {
            try {
                // If the attempt still finishes, its outcome overwrites this: at least once either way.
                store.complete(delivery.abandoned(now), null);
                log.info("webhook delivery {} to {} abandoned at shutdown; it stays pending", delivery.messageId(),
                        delivery.endpointId());
            } catch (RuntimeException e) {
                log.warn("could not release webhook delivery {} to {}; it is retried after its lease: {}",
                        delivery.messageId(), delivery.endpointId(), e.toString());
            }
        }
    }

    /** Attempts in flight right now (for tests and metrics). */
    public int inFlight() {
        return inFlight.get();
    }

    private void run() {
        while (running) {
            try {
                dispatchDue();
            } catch (RuntimeException e) {
                // A storage failure: nothing was claimed or the claim's lease runs out; try again at the next poll.
                log.error("webhook dispatcher could not claim deliveries", e);
            }
            pruneLogIfDue();
            awaitSignal();
        }
    }

    private void dispatchDue() {
        int free = maxConcurrency - inFlight.get();
        while (running && free > 0) {
            Instant now = clock.instant();
            List<Delivery> due = store.claimDue(now, now.plus(lease), free);
            for (Delivery delivery : due) {
                inFlight.incrementAndGet();
                workers.execute(() -> attempt(delivery));
            }
            if (due.size() < free) {
                return;
            }
            free = maxConcurrency - inFlight.get();
        }
    }

    /** At most once per {@link #PRUNE_EVERY}: the delivery log would otherwise grow with every save, forever. */
    private void pruneLogIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_EVERY);
        try {
            int removed = store.pruneFinishedBefore(now.minus(logRetention));
            if (removed > 0) {
                log.info("forgot {} webhook messages finished more than {} ago", removed, logRetention);
            }
        } catch (RuntimeException e) {
            log.error("webhook dispatcher could not prune the delivery log; trying again in {}", PRUNE_EVERY, e);
        }
    }

    private void attempt(Delivery delivery) {
        attempting.add(delivery);
        try {
            runner.run(delivery);
        } catch (RuntimeException e) {
            // Its lease runs out and it is tried again; the log says why it could not be recorded.
            log.error("webhook delivery {} to {} failed unexpectedly", delivery.messageId(), delivery.endpointId(), e);
        } finally {
            attempting.remove(delivery);
            inFlight.decrementAndGet();
            wake(); // a worker is free: more may be due
        }
    }

    private void awaitSignal() {
        synchronized (signal) {
            if (!woken && running) {
                try {
                    signal.wait(pollInterval.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }
}
