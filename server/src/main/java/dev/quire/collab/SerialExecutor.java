package dev.quire.collab;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: each document gets its own
 * sequence without a thread of its own, so documents proceed in parallel.
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

    private void drain() {
        MDC.put(LOG_DOCUMENT, documentId);
        try {
            drainQueue();
        } finally {
            MDC.remove(LOG_DOCUMENT);
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
            try {
                task.run();
            } catch (RuntimeException e) {
                // A failing task must not stop the document's sequence; the task itself reports to clients.
                log.error("task failed in document sequence", e);
            }
        }
    }

    /** True when nothing is queued or running. */
    boolean isIdle() {
        synchronized (tasks) {
            return !running && tasks.isEmpty();
        }
    }
}
