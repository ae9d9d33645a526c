package dev.quire.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that write to WebSocket connections, so that a document's thread only queues its messages.
 *
 * <p>Why: handing a message to Tyrus writes it to the socket at once (a {@code write()} per message, ≈ 7–13 µs
 * with Tyrus's framing); done on the document's thread, a 1,000-participant broadcast held that thread ≈ 13 ms,
 * so the next op (and its ack) waited behind it and only one core ever wrote (docs/benchmarks.md, "Fan-out off
 * the document thread"). Here the document's thread queues each message in ≈ 0.3 µs and the lanes write in
 * parallel.
 *
 * <p>Each connection is given one lane for its whole life ({@link #next}, round robin); a lane is one thread
 * running its tasks in submission order, so everything a connection sends (messages, then its close) leaves in
 * the order it was queued — the order the hub's outbox fixed. Thread-safe.
 *
 * <p>A lane is a lock-free queue and one thread that parks only when it finds the queue empty, so queueing a task
 * costs an append and, only when the lane sleeps, one unpark: a 1,000-recipient broadcast queues a drain per
 * connection, and a thread pool's locked queue with a signal per task was a tenth of the lanes' samples
 * (docs/benchmarks.md, "Delivery cost against the machine's floor").
 */
public final class SendLanes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SendLanes.class);

    private final List<Lane> lanes;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param count   lanes (threads); one per core is enough: a lane is busy only while it writes
     * @param threads makes the lanes' threads (daemons, named)
     */
    public SendLanes(int count, ThreadFactory threads) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one lane, not " + count);
        }
        List<Lane> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            made.add(new Lane(threads));
        }
        this.lanes = List.copyOf(made);
    }

    /** One lane per core (at least two, so one slow write never holds every connection). */
    public static SendLanes perCore(ThreadFactory threads) {
        return new SendLanes(Math.max(2, Runtime.getRuntime().availableProcessors()), threads);
    }

    /**
     * The lane for a new connection. After {@link #close} its {@code execute} throws
     * {@link java.util.concurrent.RejectedExecutionException}.
     */
    Executor next() {
        return lanes.get(Math.floorMod(next.getAndIncrement(), lanes.size()));
    }

    /** Runs what is queued (bounded wait), then stops the threads; later sends are refused. */
    @Override
    public void close() {
        lanes.forEach(Lane::shutdown);
        try {
            for (Lane lane : lanes) {
                lane.awaitTermination(TimeUnit.SECONDS.toMillis(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One thread running its tasks in the order they were queued; refuses tasks once shut down. */
    private static final class Lane implements Executor, Runnable {
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final Thread thread;
        /** Set by the lane just before it parks, so that only then does a producer pay for an unpark. */
        private volatile boolean parked;
        private volatile boolean shutdown;
        /** Set by the lane as it stops, before it runs what is left: a task queued after that is refused. */
        private volatile boolean stopped;

        Lane(ThreadFactory threads) {
            this.thread = threads.newThread(this);
            thread.start();
        }

        @Override
        public void execute(Runnable task) {
            if (shutdown) {
                throw new RejectedExecutionException("the send lanes are stopped");
            }
            tasks.add(task);
            // Queued while the lane stopped: refused, unless its last drain has taken it (then it runs).
            if (stopped && tasks.remove(task)) {
                throw new RejectedExecutionException("the send lanes are stopped");
            }
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            while (true) {
                Runnable task = tasks.poll();
                if (task != null) {
                    runSafely(task);
                    continue;
                }
                if (shutdown) {
                    stopped = true;
                    for (Runnable late = tasks.poll(); late != null; late = tasks.poll()) {
                        runSafely(late); // queued by a producer that checked just before the shutdown
                    }
                    return;
                }
                parked = true;
                // Checked again after announcing the park: a task added before this is seen here, one added after
                // it finds the flag set and unparks (a permit given before the park makes it return at once).
                if (tasks.isEmpty() && !shutdown) {
                    LockSupport.park(this);
                }
                parked = false;
            }
        }

        private static void runSafely(Runnable task) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // A lane serves many connections: one task's failure must not stop the others' writes.
                log.warn("a send lane's task failed", e);
            }
        }

        void shutdown() {
            shutdown = true;
            LockSupport.unpark(thread);
        }

        void awaitTermination(long millis) throws InterruptedException {
            thread.join(millis);
        }
    }
}
