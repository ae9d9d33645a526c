package dev.quire.store.sqlite;

import dev.quire.store.StorageMetrics;
import dev.quire.store.StorageException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes: it owns the write connection, takes everything queued (ops of many
 * documents, creates, snapshots, …) and commits it as ONE transaction, then completes the futures
 * in queue order. While it waits for a commit's sync, new writes pile up and go into the next
 * batch together: that is the group commit — one sync for many acknowledgements, and no timer.
 *
 * <p>Each write runs in its own savepoint (a write alone in its batch: in the transaction itself), so a refused write
 * (version conflict, unknown document, constraint violation) is rolled back alone and the rest of the batch commits. Any other failure
 * (I/O, full disk, the commit itself) rolls back the whole transaction and fails every future of
 * the batch with {@link StorageException}: nothing of it was stored, and nothing acknowledged
 * earlier is touched.
 *
 * <p>The queue itself takes whatever is submitted: what bounds it is the admission of appends before they are made
 * ({@link dev.quire.store.AppendAdmission}, checked by the store's {@code reserveAppend}), since only appends come
 * in at the clients' pace; the few other writes are never refused here, so none of them is lost.
 *
 * <p>Thread-safe: {@link #submit} from any thread. Futures are completed on the writer thread, so
 * their non-async callbacks run there and must be short.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    /** SQLite's primary result code for constraint violations (the low byte of extended codes). */
    private static final int SQLITE_CONSTRAINT = 19;

    private final SqlConnection db;
    private final int maxBatch;
    private final LinkedBlockingQueue<Write<?>> queue = new LinkedBlockingQueue<>();
    private final Write<Void> stop = new Write<>() {
        @Override
        Void apply(SqlConnection db) {
            return null;
        }
    };
    private final Thread thread;
    private boolean closed; // guarded by this
    private volatile long commits; // written by the writer thread only

    private final StorageMetrics metrics;

    GroupCommitWriter(SqlConnection db, int maxBatch, String name, StorageMetrics metrics) {
        this.db = db;
        this.metrics = metrics;
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::run, name);
        // Daemon: acknowledged writes are already committed, so an exit without close() loses none.
        thread.setDaemon(true);
        thread.start();
    }

    /** One step on the writer's connection, inside its transaction. */
    interface Step<T> {
        T run(SqlConnection db) throws SQLException, Write.Refused;
    }

    /**
     * Runs {@code step} inside a group commit and waits until it is durable (or refused).
     *
     * @throws RuntimeException what the step was refused with, or the storage failure
     */
    <T> T writeAndWait(Step<T> step) {
        CompletableFuture<T> done = submit(new Write<T>() {
            @Override
            T apply(SqlConnection db) throws SQLException, Refused {
                return step.run(db);
            }
        });
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Queues {@code write}; its future fails with {@link StorageException} if the writer is closed. */
    synchronized <T> CompletableFuture<T> submit(Write<T> write) {
        if (closed) {
            write.future.completeExceptionally(new StorageException("the store is closed"));
        } else {
            queue.add(write);
        }
        return write.future;
    }

    private void run() {
        List<Write<?>> batch = new ArrayList<>();
        boolean running = true;
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() stops the writer, after what was queued is written
            }
            queue.drainTo(batch, maxBatch - 1);
            running = !batch.remove(stop); // stop is queued last, so nothing follows it
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
        }
        try {
            db.close();
        } catch (SQLException e) {
            log.warn("closing the write connection failed", e);
        }
    }

    private void commit(List<Write<?>> batch) {
        Object[] results = new Object[batch.size()];
        RuntimeException[] refusals = new RuntimeException[batch.size()];
        // A write alone in its batch has the transaction to itself: the transaction is its savepoint, which saves two
        // of the seven statements of a lone append's commit (at light load nearly every commit is one write).
        boolean alone = batch.size() == 1;
        try {
            db.execute("BEGIN IMMEDIATE");
            for (int i = 0; i < batch.size(); i++) {
                if (!alone) {
                    db.execute("SAVEPOINT w");
                }
                try {
                    results[i] = batch.get(i).apply(db);
                } catch (Write.Refused refused) {
                    refusals[i] = refused.outcome;
                } catch (SQLException e) {
                    if ((e.getErrorCode() & 0xff) != SQLITE_CONSTRAINT) {
                        throw e;
                    }
                    refusals[i] = new IllegalStateException(batch.get(i) + " refused by the database: " + e.getMessage(), e);
                }
                if (!alone) {
                    if (refusals[i] != null) {
                        db.execute("ROLLBACK TO w");
                    }
                    db.execute("RELEASE w");
                }
            }
            if (alone && refusals[0] != null) {
                db.execute("ROLLBACK"); // nothing to make durable
            } else {
                db.execute("COMMIT");
                commits++;
            }
        } catch (Exception | Error e) { // even an Error: the writer thread must live on for everyone else
            db.rollbackQuietly(e);
            metrics.writeFailed();
            log.error("group commit of {} writes failed; none is stored", batch.size(), e);
            StorageException failure = new StorageException("commit failed: " + e.getMessage(), e);
            batch.forEach(w -> w.future.completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results[i], refusals[i]);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Write<T> write, Object result, RuntimeException refusal) {
        if (refusal != null) {
            write.future.completeExceptionally(refusal);
        } else {
            write.future.complete((T) result);
        }
    }

    /** Transactions committed so far (one per group commit). */
    long commits() {
        return commits;
    }

    /** Writes everything queued so far, then stops and closes the connection; later submits fail. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(stop);
        }
        if (Thread.currentThread() == thread) {
            return; // closed from a completion callback: the loop ends by itself after this batch
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
