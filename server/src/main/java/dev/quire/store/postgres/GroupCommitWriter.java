package dev.quire.store.postgres;

import dev.quire.store.StorageException;
import dev.quire.store.StorageMetrics;
import dev.quire.store.VersionConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one writer thread: it takes everything queued (ops of many documents, creates, saves, ...) and commits
 * it as ONE transaction, then completes the futures in queue order - one commit for many acknowledgements, and no
 * timer, as on SQLite.
 *
 * <p>Other nodes write the same documents. Before any write of a batch runs, the writer locks the rows of every
 * document the batch touches ({@code SELECT ... FOR UPDATE}, in id order, so two nodes locking overlapping sets
 * never deadlock); each write then checks the document's head under that lock. So two nodes never both commit
 * version v+1: the second one waits for the first's commit, then sees v+1 taken and refuses its op with {@link
 * VersionConflictException}, without a failed transaction or a retry.
 *
 * <p>Each write runs in its own savepoint: a refused write (version conflict, unknown document, integrity violation)
 * is rolled back alone and the rest of the batch commits. A write that writes once, after every check that can refuse
 * it ({@link Write#writesOnceAfterItsChecks}, an append after a head), runs without one: refused, it has written
 * nothing; a failure of its one statement fails the batch. Any other failure rolls back the whole transaction and
 * fails every future of the batch with {@link StorageException}. The heads the writes moved are written to their
 * documents' rows once, after the last savepoint ({@link MovedHeads}), and announced in the transaction
 * ({@code NOTIFY quire_commits, '<document> <version>'}), so only committed ones are.
 *
 * <p>Thread-safe: {@link #submit} from any thread. Futures are completed on the writer thread.
 */
final class GroupCommitWriter implements AutoCloseable {
    /** The rows of the documents a batch changes, locked in id order, with their heads. */
    static final String LOCK_DOCUMENTS = "SELECT id, version, deleted_at IS NULL FROM documents"
            + " WHERE id = ANY (?::text[]) ORDER BY id FOR UPDATE";
    /** The channel other nodes LISTEN on for new heads. */
    static final String CHANNEL = "quire_commits";

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    /** SQLSTATE class of integrity constraint violations. */
    private static final String INTEGRITY_VIOLATION = "23";

    private final Database database;
    private final int maxBatch;
    private final StorageMetrics metrics;
    private final LinkedBlockingQueue<Write<?>> queue = new LinkedBlockingQueue<>();
    private final Write<Void> stop = new Write<>() {
        @Override
        Void apply(Connection db, MovedHeads heads) {
            return null;
        }
    };
    private final Thread thread;
    private boolean closed; // guarded by this

    GroupCommitWriter(Database database, int maxBatch, StorageMetrics metrics) {
        this.database = database;
        this.maxBatch = maxBatch;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "quire-postgres-writer");
        thread.setDaemon(true); // acknowledged writes are committed already: an exit without close() loses none
        thread.start();
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

    /** {@link #submit} and wait until it is durable (or refused): its refusal or the storage failure is thrown. */
    <T> T submitAndWait(Write<T> write) {
        try {
            return submit(write).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
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
    }

    private void commit(List<Write<?>> batch) {
        Object[] results = new Object[batch.size()];
        RuntimeException[] refusals = new RuntimeException[batch.size()];
        try (Connection db = database.writerConnection()) {
            try {
                MovedHeads heads = new MovedHeads();
                lockDocuments(db, batch, heads);
                for (int i = 0; i < batch.size(); i++) {
                    Write<?> write = batch.get(i);
                    Savepoint savepoint = write.writesOnceAfterItsChecks() ? null : db.setSavepoint();
                    try {
                        results[i] = write.apply(db, heads);
                    } catch (Write.Refused refused) {
                        refusals[i] = refused.outcome;
                    } catch (PSQLException e) {
                        if (savepoint == null || !String.valueOf(e.getSQLState()).startsWith(INTEGRITY_VIOLATION)) {
                            throw e;
                        }
                        refusals[i] = refusal(write, e);
                    }
                    if (refusals[i] != null) {
                        if (savepoint != null) {
                            db.rollback(savepoint);
                            if (write.documentId() != null) {
                                heads.forget(write.documentId());
                            }
                        }
                    } else {
                        if (savepoint != null) {
                            db.releaseSavepoint(savepoint);
                        }
                        Write.Head head = write.committedHead();
                        if (head != null) {
                            heads.move(head);
                        }
                    }
                }
                heads.writeAndAnnounce(db);
                db.commit();
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(db, e);
                throw e;
            }
        } catch (Exception | Error e) { // even an Error: the writer thread must live on for everyone else
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

    /**
     * Locks what the batch's writes touch, in one order on every node so that none of them can deadlock: first the
     * ids of documents it creates (transaction advisory locks, as their rows do not exist yet), then the rows of the
     * documents it changes, each in id order. The rows' heads are read with their lock, for the writes to use.
     */
    private static void lockDocuments(Connection db, List<Write<?>> batch, MovedHeads heads) throws SQLException {
        TreeSet<String> created = new TreeSet<>();
        TreeSet<String> changed = new TreeSet<>();
        for (Write<?> write : batch) {
            if (write.documentId() != null) {
                (write.createsDocument() ? created : changed).add(write.documentId());
            }
        }
        if (!created.isEmpty()) {
            try (PreparedStatement lock = db.prepareStatement(
                    "SELECT pg_advisory_xact_lock(hashtext('quire.documents'), hashtext(?))")) {
                for (String id : created) { // one by one: a single query would not promise the order
                    lock.setString(1, id);
                    lock.executeQuery().close();
                }
            }
        }
        if (!changed.isEmpty()) {
            try (PreparedStatement lock = db.prepareStatement(LOCK_DOCUMENTS)) {
                lock.setArray(1, db.createArrayOf("text", changed.toArray()));
                try (ResultSet rows = lock.executeQuery()) {
                    while (rows.next()) {
                        heads.locked(rows.getString(1), rows.getLong(2), rows.getBoolean(3));
                    }
                }
            }
        }
    }

    /**
     * What an integrity violation refuses the write with: a taken (document, version) is a lost race for the
     * version; a taken (document, client, seq) means the op is committed already (exactly-once), which the hub
     * checks before it appends, so reaching the key is a caller's mistake.
     */
    private static RuntimeException refusal(Write<?> write, PSQLException e) {
        String constraint = e.getServerErrorMessage() == null ? null : e.getServerErrorMessage().getConstraint();
        if ("ops_pkey".equals(constraint) && write instanceof DocumentWrites.Append append) {
            return new VersionConflictException(append.documentId(), append.firstVersion());
        }
        return new IllegalStateException(write + " refused by the database: " + e.getMessage(), e);
    }

    private static void rollbackQuietly(Connection db, Throwable cause) {
        try {
            db.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
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

    /** Writes everything queued so far, then stops; later submits fail. */
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
