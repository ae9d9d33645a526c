package dev.quire.ws;

import dev.quire.collab.Edit;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Releases what {@link HeldOps} hold, in time, for every connection of the server: one timer task, due when the
 * earliest held op is, releases every connection registered by then (a later one a little early, which only costs
 * it a smaller batch). So no op waits longer than {@link HeldOps#HOLD_NANOS} plus the timer's lateness, and the
 * connections of a document, which hold the same ops, release them in one sweep: their batches are the same and
 * are encoded once ({@link EncodedOps}). One task per sweep, not one per connection: at 1,000 recipients a task
 * each would cost more than the writes it saves. Thread-safe.
 */
final class OpReleases {
    private final ScheduledExecutorService timer;
    /** {@link System#nanoTime()}, or a test's clock. */
    private final LongSupplier clock;
    /** Connections holding ops, in the order they began to; a connection may be here twice (released early). */
    private final Queue<HeldOps> due = new ConcurrentLinkedQueue<>();
    /** Whether a sweep is scheduled: it takes everything queued before it starts. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** When the sweep last scheduled is due. */
    private volatile long sweepAt;
    /** The last few edits seen and when each was first seen, oldest overwritten first; guarded by itself. */
    private final Edit[] seenEdits = new Edit[SEEN_KEPT];
    private final long[] seenAt = new long[SEEN_KEPT];
    private int seenNext;

    /** Edits remembered by {@link #seen}: more than one append's worth of ops is rare, and a miss costs little. */
    private static final int SEEN_KEPT = 16;

    OpReleases(ScheduledExecutorService timer) {
        this(timer, System::nanoTime);
    }

    OpReleases(ScheduledExecutorService timer, LongSupplier clock) {
        this.timer = timer;
        this.clock = clock;
    }

    /** Now, on the clock that due times are taken on. */
    long now() {
        return clock.getAsLong();
    }

    /**
     * When {@code edit} was first seen here: the same instant for each of its recipients, so that connections that
     * received the same ops decide alike whether the next one waits, hold the same ops and share one frame. (With
     * each connection's own clock, those told an op a few microseconds apart would split at a hold's boundary.)
     */
    long seen(Edit edit) {
        synchronized (seenEdits) {
            for (int i = 0; i < SEEN_KEPT; i++) {
                if (seenEdits[i] == edit) {
                    return seenAt[i];
                }
            }
            long now = now();
            seenEdits[seenNext] = edit;
            seenAt[seenNext] = now;
            seenNext = (seenNext + 1) % SEEN_KEPT;
            return now;
        }
    }

    /** {@code held} holds ops due at {@code dueAt} ({@link #now()}): released then at the latest. */
    void releaseBy(HeldOps held, long dueAt) {
        due.add(held);
        // A sweep due later than this one (another document's hold) gets an earlier one besides: sweeps are cheap
        // when there is little to release, and a race here only costs a sweep or an op its wait of up to the hold.
        if (scheduled.compareAndSet(false, true) || dueAt - sweepAt < 0) {
            sweepAt = dueAt;
            try {
                timer.schedule(this::sweep, Math.max(0, dueAt - now()), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // The server is stopping: what is held goes now (sends are dropped once the connections close).
                sweep();
            }
        }
    }

    /**
     * Releases everyone queued, as of one instant. The flag is cleared first: a connection queued after that either is taken by this
     * sweep (early) or schedules the next one.
     */
    private void sweep() {
        scheduled.set(false);
        long at = now(); // one instant for the whole sweep, for the reason given at seen()
        HeldOps next;
        while ((next = due.poll()) != null) {
            next.release(at);
        }
    }
}
