package dev.quire.cluster;

import dev.quire.ot.Delta;
import dev.quire.store.postgres.FreshSchema;
import dev.quire.store.postgres.PostgresUrl;
import dev.quire.testkit.WsTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What a cluster test reads from, and does to, the shared PostgreSQL server behind the nodes' backs: the op log as
 * committed, and the termination of one node's connections.
 */
final class ClusterDatabase {
    /** One row of the op log. */
    record LoggedOp(long version, String clientId, long seq, Delta delta) {
    }

    private final FreshSchema schema;

    ClusterDatabase(FreshSchema schema) {
        this.schema = schema;
    }

    /** The op log of {@code documentId}, in version order. */
    List<LoggedOp> ops(String documentId) throws SQLException {
        try (Connection c = connect();
             PreparedStatement query = c.prepareStatement("SELECT version, client_id, client_seq, delta FROM "
                     + schema.name() + ".ops WHERE document_id = ? ORDER BY version")) {
            query.setString(1, documentId);
            List<LoggedOp> ops = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ops.add(new LoggedOp(rows.getLong(1), rows.getString(2), rows.getLong(3), delta(rows.getString(4))));
                }
            }
            return ops;
        }
    }

    /**
     * Terminates every connection whose application name is {@code applicationName} ({@code pg_terminate_backend}),
     * as an administrator or a failing network would.
     *
     * @return how many were terminated
     */
    int terminate(String applicationName) throws SQLException {
        try (Connection c = connect();
             PreparedStatement kill = c.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                     + " FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            kill.setString(1, applicationName);
            try (ResultSet row = kill.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static Connection connect() throws SQLException {
        PostgresUrl url = PostgresUrl.parse(FreshSchema.URL, null);
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("ApplicationName", "quire-cluster-test");
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }

    private static Delta delta(String json) {
        try {
            return WsTestClient.JSON.readValue(json, Delta.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
