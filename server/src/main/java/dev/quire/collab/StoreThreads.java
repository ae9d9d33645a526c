package dev.quire.collab;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hubs' own threads for blocking store calls (loads, creates, renames, deletes) when none are given: few, since
 * they mostly wait for the database, and never the hubs' pool, or a burst of slow store writes would stall every
 * document.
 */
final class StoreThreads {
    /** Loads run in parallel, and a slow write holds one thread only. */
    static final int COUNT = 4;

    private StoreThreads() {
    }

    static Executor create() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor threads = new ThreadPoolExecutor(COUNT, COUNT, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "quire-store-io-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        threads.allowCoreThreadTimeOut(true);
        return threads;
    }
}
