package dev.quire.store.postgres;

import dev.quire.store.StorageException;
import dev.quire.store.StorageMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Transactions on a connection of the pool, beside the writer: reads (one snapshot each, so a load sees metadata,
 * snapshot and ops of the same commits) and the webhook and grant stores' own small writes, which other nodes may
 * make at the same time and which therefore lock what they change. Thread-safe.
 */
final class Transactions {
    /** Work inside one transaction. */
    interface Work<T> {
        T run(Connection db) throws SQLException, Write.Refused;
    }

    private final Database database;
    private final StorageMetrics metrics;

    Transactions(Database database, StorageMetrics metrics) {
        this.database = database;
        this.metrics = metrics;
    }

    /** Runs {@code read} in a read-only transaction that sees one snapshot of the database. */
    <T> T read(Work<T> read) {
        try (Connection db = database.connection()) {
            try {
                // For this transaction only: the connection's own settings stay as the pool resets them.
                try (Statement set = db.createStatement()) {
                    set.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                T result = read.run(db);
                db.commit();
                return result;
            } catch (SQLException | RuntimeException | Write.Refused e) {
                db.rollback();
                throw e;
            }
        } catch (SQLException e) {
            metrics.readFailed();
            throw new StorageException("read failed: " + e.getMessage(), e);
        } catch (Write.Refused refused) {
            throw refused.outcome;
        }
    }

    /** Runs {@code write} in its own transaction (read committed) and commits it: durable when this returns. */
    <T> T write(Work<T> write) {
        try (Connection db = database.connection()) {
            try {
                T result = write.run(db);
                db.commit();
                return result;
            } catch (SQLException | RuntimeException | Write.Refused e) {
                db.rollback();
                throw e;
            }
        } catch (SQLException e) {
            metrics.writeFailed();
            throw new StorageException("write failed: " + e.getMessage(), e);
        } catch (Write.Refused refused) {
            throw refused.outcome;
        }
    }
}
