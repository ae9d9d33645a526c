package dev.quire.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends NOTIFYs on a connection of its own, from a thread of its own, so the caller never waits for PostgreSQL.
 * A failed send is tried once more on a new connection, then counted and logged once per outage.
 */
final class PgNotifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PgNotifier.class);
    /** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
    static final int MAX_PAYLOAD_BYTES = 7999;

    private final String jdbcUrl;
    private final Outage outage = new Outage(log, "sending a NOTIFY to PostgreSQL");
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "quire-pg-notify");
        t.setDaemon(true);
        return t;
    });
    private Connection connection;

    PgNotifier(String jdbcUrl) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    /** Sends {@code payload} on {@code channel} soon, without waiting. */
    void send(String channel, String payload) {
        if (payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            outage.failed(new IllegalArgumentException("NOTIFY payload too long for " + channel));
            return;
        }
        try {
            thread.execute(() -> sendNow(channel, payload));
        } catch (RejectedExecutionException e) {
            log.debug("NOTIFY after close dropped");
        }
    }

    long failures() {
        return outage.failures();
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }

    private void sendNow(String channel, String payload) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (connection == null) {
                    connection = DriverManager.getConnection(jdbcUrl);
                }
                try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                    notify.setString(1, channel);
                    notify.setString(2, payload);
                    notify.execute();
                }
                outage.succeeded();
                return;
            } catch (SQLException e) {
                closeConnection();
                if (attempt == 2) {
                    outage.failed(e);
                    return;
                }
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the NOTIFY connection: {}", e.toString());
            }
            connection = null;
        }
    }
}
