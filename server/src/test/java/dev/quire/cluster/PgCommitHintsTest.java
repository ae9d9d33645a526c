package dev.quire.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.quire.testkit.Await;
import dev.quire.testkit.CapturedLogs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The LISTEN feed on the real PostgreSQL, on a channel and with a connection name of this test's own. */
class PgCommitHintsTest {
    private final String channel = ClusterServices.uniquePgChannel();
    private final String applicationName = channel;
    private final String url = ClusterServices.postgresUrl()
            + (ClusterServices.postgresUrl().contains("?") ? "&" : "?") + "ApplicationName=" + applicationName;
    private final RecordingFeed heard = new RecordingFeed();

    private static void notify(String channel, String payload) throws SQLException {
        try (Connection c = DriverManager.getConnection(ClusterServices.postgresUrl());
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, channel);
            notify.setString(2, payload);
            notify.execute();
        }
    }

    @Test
    void theStoresNotificationsBecomeHints() throws SQLException {
        try (PgCommitHints hints = new PgCommitHints(url, channel, Duration.ofMillis(100))) {
            hints.subscribe(heard);
            Await.until(() -> heard.resyncs.get() == 1, "listening (which asks for a resync)");

            hints.publish("doc-1", ClusterOps.ops(1, 1));
            notify(channel, PgCommitHints.payload("doc-1", 5));
            notify(channel, PgCommitHints.payload("doc-2", 1));

            Await.until(() -> heard.heads.size() == 2, Duration.ofSeconds(10), () -> "heard " + heard.heads);
            assertEquals(List.of("doc-1 5", "doc-2 1"), heard.heads);
            assertEquals(List.of(), heard.batches, "hints only; publish adds nothing (the store notifies)");
        }
    }

    @Test
    void aNotificationThatIsNotAHintIsIgnored() throws SQLException {
        try (CapturedLogs logs = CapturedLogs.of(PgCommitHints.class);
                PgCommitHints hints = new PgCommitHints(url, channel, Duration.ofMillis(100))) {
            hints.subscribe(heard);
            Await.until(() -> heard.resyncs.get() == 1, "listening");

            notify(channel, "doc-1");
            notify(channel, "doc-1 x");
            notify(channel, "doc-1 3");

            Await.until(() -> heard.heads.size() == 1, Duration.ofSeconds(10), () -> "heard " + heard.heads);
            assertEquals(List.of("doc-1 3"), heard.heads);
            assertEquals(2, logs.events().stream().filter(e -> e.getLevel() == Level.WARN).count());
        }
    }

    @Test
    void aLostConnectionIsReopenedAndAsksForAResync() throws SQLException {
        try (CapturedLogs logs = CapturedLogs.of(PgListener.class);
                PgCommitHints hints = new PgCommitHints(url, channel, Duration.ofMillis(100))) {
            hints.subscribe(heard);
            Await.until(() -> heard.resyncs.get() == 1, "listening");

            assertEquals(1, terminateListeningConnection());
            Await.until(() -> heard.resyncs.get() == 2, "listening again after the connection was lost");
            logs.await(Level.WARN, "listening to PostgreSQL notifications failed");

            notify(channel, PgCommitHints.payload("doc-1", 9));
            Await.until(() -> heard.heads.equals(List.of("doc-1 9")), Duration.ofSeconds(10),
                    () -> "heard " + heard.heads);
        }
    }

    /** Ends this test's listening session from the server's side, as a failover or a restart would. */
    private int terminateListeningConnection() throws SQLException {
        try (Connection c = DriverManager.getConnection(ClusterServices.postgresUrl());
                PreparedStatement kill = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
            kill.setString(1, applicationName);
            try (ResultSet killed = kill.executeQuery()) {
                int count = 0;
                while (killed.next()) {
                    assertTrue(killed.getBoolean(1));
                    count++;
                }
                return count;
            }
        }
    }
}
