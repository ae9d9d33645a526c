package dev.quire.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 */
public final class SendLanes implements AutoCloseable {
    private final List<ExecutorService> lanes;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param count   lanes (threads); one per core is enough: a lane is busy only while it writes
     * @param threads makes the lanes' threads (daemons, named)
     */
    public SendLanes(int count, ThreadFactory threads) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one lane, not " + count);
        }
        List<ExecutorService> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            made.add(Executors.newSingleThreadExecutor(threads));
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
    ExecutorService next() {
        return lanes.get(Math.floorMod(next.getAndIncrement(), lanes.size()));
    }

    /** Runs what is queued (bounded wait), then stops the threads; later sends are refused. */
    @Override
    public void close() {
        lanes.forEach(ExecutorService::shutdown);
        try {
            for (ExecutorService lane : lanes) {
                lane.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
