package dev.quire.collab;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: each document gets its own
 * sequence without a thread of its own, so documents proceed in parallel. {@link #executeHere} lets
 * the submitting thread run a task itself when the document is idle, saving the wake-up of a pool
 * thread.
 */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
    /** Logging context key of the document id (docs/operations.md, "Logging"). */
    static final String LOG_DOCUMENT = "doc";

    private final Executor pool;
    private final String documentId;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    /** @param documentId put in the logging context ({@code doc}) while a task runs, so its log lines name it */
    SerialExecutor(Executor pool, String documentId) {
        this.pool = pool;
        this.documentId = documentId;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    /**
     * As {@link #execute}, but if the document is idle the task runs at once on the calling thread, which holds
     * the document's sequence for that one task; whatever was queued meanwhile then goes to the pool, so a busy
     * document never keeps the caller. This is for the op path: a connection's op is sequenced on the thread that
     * decoded it instead of waking a pool thread, one of the hand-offs that made the tail of the one-typist load
     * profile (docs/benchmarks.md, "Fewer hand-offs per op").
     *
     * <p>Only for callers that may run document work: never the store's writer thread, since document tasks may
     * wait for the writer.
     */
    void executeHere(Runnable task) {
        synchronized (tasks) {
            if (running || !tasks.isEmpty()) {
                tasks.add(task);
                return;
            }
            running = true;
        }
        try {
            inDocumentContext(() -> runSafely(task));
        } finally {
            releaseOrHandOver();
        }
    }

    /** After a task run by {@link #executeHere}: the pool takes over what was queued meanwhile, if anything. */
    private void releaseOrHandOver() {
        synchronized (tasks) {
            if (tasks.isEmpty()) {
                running = false;
                return;
            }
        }
        pool.execute(this::drain);
    }

    private void drain() {
        inDocumentContext(this::drainQueue);
    }

    /**
     * Runs {@code work} with this document in the logging context, then puts back the caller's: {@link #executeHere}
     * may run inside another document's task.
     */
    private void inDocumentContext(Runnable work) {
        String outer = MDC.get(LOG_DOCUMENT);
        MDC.put(LOG_DOCUMENT, documentId);
        try {
            work.run();
        } finally {
            if (outer == null) {
                MDC.remove(LOG_DOCUMENT);
            } else {
                MDC.put(LOG_DOCUMENT, outer);
            }
        }
    }

    private void drainQueue() {
        while (true) {
            Runnable task;
            synchronized (tasks) {
                task = tasks.poll();
                if (task == null) {
                    running = false;
                    return;
                }
            }
            runSafely(task);
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A failing task must not stop the document's sequence; the task itself reports to clients.
            log.error("task failed in document sequence", e);
        }
    }

    /**
     * Runs {@code work} in order like {@link #execute}; the result completes as the future {@code work} returns does
     * (a failure included), so callers off the sequence get an outcome that may wait for a commit.
     */
    <T> CompletableFuture<T> supply(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                work.get().whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e); // the caller is told; the sequence goes on
            }
        });
        return result;
    }

    /** True when nothing is queued or running. */
    boolean isIdle() {
        synchronized (tasks) {
            return !running && tasks.isEmpty();
        }
    }
}
