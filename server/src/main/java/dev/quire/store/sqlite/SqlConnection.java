package dev.quire.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * A JDBC connection with its prepared statements kept by SQL text, so the hot paths parse their
 * SQL once. Transactions are run with explicit {@code BEGIN}/{@code COMMIT} in auto-commit mode,
 * because the driver's own mode would open the next transaction right after each commit and so
 * hold the write lock while idle. Not thread-safe: one user at a time.
 */
final class SqlConnection implements AutoCloseable {
    private final Connection connection;
    private final Statement plain;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    SqlConnection(Connection connection) throws SQLException {
        this.connection = connection;
        this.plain = connection.createStatement();
    }

    /** A prepared statement for {@code sql}, parameters cleared. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    /**
     * Runs a statement without parameters or results ({@code BEGIN}, {@code SAVEPOINT}, a pragma, …),
     * prepared once: the writer runs four of them per write.
     */
    void execute(String sql) throws SQLException {
        prepare(sql).execute();
    }

    /** Rolls back the open transaction, if any, after {@code cause}; a failure here is added to it. */
    void rollbackQuietly(Throwable cause) {
        try {
            plain.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL or IOERR).
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                cause.addSuppressed(e);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
        statements.clear();
        plain.close();
        connection.close();
    }
}
