package dev.quire.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A write transaction held open on a SQLite file by a connection of its own, as another process (or a stalled disk)
 * would: the server's writer waits behind it (up to its busy timeout, 5 s) until {@link #close()}.
 */
public final class SqliteWriteLock implements AutoCloseable {
    private final Connection connection;

    private SqliteWriteLock(Connection connection) {
        this.connection = connection;
    }

    public static SqliteWriteLock on(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new SqliteWriteLock(connection);
    }

    @Override
    public void close() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } finally {
            connection.close();
        }
    }
}
