package dev.quire.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL LISTEN on a dedicated connection, polled by a thread of its own ({@code getNotifications(timeout)}),
 * reconnecting after a connection loss. PostgreSQL keeps no notification for a session that is gone, so after every
 * (re)connection the handler is told {@link Handler#listening()}: what was sent meanwhile is lost and must be read.
 */
public final class PgListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PgListener.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int POLL_MILLIS = 500;
    /** A connection that only waits never notices a server that vanished without a word; a query does. */
    private static final long PROBE_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Called on the listener's thread. */
    public interface Handler {
        void notified(String channel, String payload);

        /** LISTEN is in place (again): notifications sent before may have been missed. */
        void listening();
    }

    private final String jdbcUrl;
    private final List<String> channels;
    private final Handler handler;
    private final Duration retryDelay;
    private final Outage outage = new Outage(log, "listening to PostgreSQL notifications");
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile Connection connection;

    private PgListener(String jdbcUrl, List<String> channels, Handler handler, Duration retryDelay) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.channels = List.copyOf(channels);
        for (String channel : this.channels) {
            if (!CHANNEL.matcher(channel).matches()) {
                throw new IllegalArgumentException("not a plain lower-case channel name: " + channel);
            }
        }
        this.handler = Objects.requireNonNull(handler, "handler");
        this.retryDelay = retryDelay;
        this.thread = new Thread(this::run, "quire-pg-listen");
        thread.setDaemon(true);
    }

    /**
     * Listens on {@code channels} (plain lower-case names) from now on, connecting in the background.
     *
     * @param retryDelay the wait before connecting again after a failure
     */
    public static PgListener start(String jdbcUrl, List<String> channels, Handler handler, Duration retryDelay) {
        PgListener listener = new PgListener(jdbcUrl, channels, handler, retryDelay);
        listener.thread.start();
        return listener;
    }

    /** Connection failures so far. */
    public long failures() {
        return outage.failures();
    }

    @Override
    public void close() {
        stop.countDown();
        closeQuietly(connection);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean stopped() {
        return stop.getCount() == 0;
    }

    private void run() {
        while (!stopped()) {
            try (Connection c = DriverManager.getConnection(jdbcUrl)) {
                connection = c;
                if (stopped()) {
                    return;
                }
                listen(c);
                outage.succeeded();
                handler.listening();
                poll(c);
            } catch (SQLException | RuntimeException e) {
                if (stopped()) {
                    return;
                }
                outage.failed(e);
            } finally {
                connection = null;
            }
            awaitRetry();
        }
    }

    private void listen(Connection c) throws SQLException {
        try (Statement statement = c.createStatement()) {
            for (String channel : channels) {
                statement.execute("LISTEN " + channel);
            }
        }
    }

    private void poll(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastProbe = System.nanoTime();
        while (!stopped()) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications == null || notifications.length == 0) {
                if (System.nanoTime() - lastProbe > PROBE_NANOS) {
                    try (Statement probe = c.createStatement()) {
                        probe.execute("SELECT 1");
                    }
                    lastProbe = System.nanoTime();
                }
                continue;
            }
            for (PGNotification notification : notifications) {
                try {
                    handler.notified(notification.getName(), notification.getParameter());
                } catch (RuntimeException e) {
                    log.error("handling the notification {} on {} failed", notification.getParameter(),
                            notification.getName(), e);
                }
            }
        }
    }

    private void awaitRetry() {
        try {
            stop.await(retryDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("closing the listening connection: {}", e.toString());
            }
        }
    }
}
