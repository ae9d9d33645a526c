package dev.quire.api;

import dev.quire.collab.ErrorCode;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The one way a REST resource calls what may wait for the disk - the store's reads, the grant, webhook and backup
 * stores, a replay of the log - and so the one place that decides which thread waits: a small pool of its own
 * ({@code quire-store-call-n}), never the request's thread, which under Grizzly's leader-follower strategy also reads
 * other connections. The resource returns the call's stage; Jersey suspends the request and answers it when the stage
 * completes, with what it returned or threw, exactly as if it had been done on the request thread. The pool is bounded
 * in threads and in calls waiting: when it is full, the request is refused with 503 {@code server_busy} rather than
 * queued without end. Thread-safe.
 */
public final class StoreCalls implements AutoCloseable {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final ThreadPoolExecutor pool;

    /**
     * @param threads how many calls wait for the disk at once
     * @param waiting how many more may wait for a thread before requests are refused
     */
    public StoreCalls(int threads, int waiting) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory named = task -> {
            Thread thread = new Thread(task, "quire-store-call-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(waiting), named, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Four threads - what a few concurrent SQLite readers use well - and a thousand calls waiting. */
    public static StoreCalls defaults() {
        return new StoreCalls(4, 1_000);
    }

    /**
     * {@code call} on the pool.
     *
     * @throws ApiException 503 {@code server_busy} at once if the pool has no room
     */
    <T> CompletableFuture<T> run(Supplier<T> call) {
        try {
            return CompletableFuture.supplyAsync(call, pool);
        } catch (RejectedExecutionException e) {
            throw new ApiException(ErrorCode.SERVER_BUSY, "too many requests are waiting for storage; retry shortly",
                    RETRY_AFTER);
        }
    }

    /** Lets the calls under way finish and takes no more. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
