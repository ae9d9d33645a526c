package dev.quire.store.sqlite;

import dev.quire.store.StorageMetrics;
import dev.quire.store.StorageException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Read connections beside the writer's. In WAL mode a reader sees the last commit made before its
 * transaction began and never waits for the writer, so reads are not queued behind a group
 * commit's sync (see docs/benchmarks.md for the measurement). Each read runs in one transaction,
 * so a load sees metadata, snapshot and ops from the same commit. Thread-safe.
 */
final class ReadPool implements AutoCloseable {
    /** A read on one connection. */
    interface Read<T> {
        T run(SqlConnection db) throws SQLException;
    }

    private final BlockingQueue<SqlConnection> idle;
    private final List<SqlConnection> all;
    private volatile boolean closed;

    private final StorageMetrics metrics;

    ReadPool(List<SqlConnection> connections, StorageMetrics metrics) {
        this.metrics = metrics;
        this.all = List.copyOf(connections);
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
    }

    <T> T read(Read<T> read) {
        SqlConnection db = borrow();
        try {
            db.execute("BEGIN");
            T result = read.run(db);
            db.execute("COMMIT");
            return result;
        } catch (SQLException e) {
            db.rollbackQuietly(e);
            metrics.readFailed();
            throw new StorageException("read failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            db.rollbackQuietly(e);
            throw e;
        } finally {
            idle.add(db);
        }
    }

    private SqlConnection borrow() {
        try {
            while (true) {
                if (closed) {
                    throw new StorageException("the store is closed");
                }
                // Bounded wait so a reader blocked here when the pool closes notices it.
                SqlConnection db = idle.poll(100, TimeUnit.MILLISECONDS);
                if (db != null) {
                    return db;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a read connection");
        }
    }

    /** Closes the connections once the reads running now have finished. */
    @Override
    public void close() {
        closed = true;
        List<SqlConnection> taken = new ArrayList<>();
        boolean interrupted = false;
        while (taken.size() < all.size()) {
            try {
                taken.add(idle.take());
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        for (SqlConnection db : taken) {
            try {
                db.close();
            } catch (SQLException e) {
                org.slf4j.LoggerFactory.getLogger(ReadPool.class).warn("closing a read connection failed", e);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
