package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.postgres.FreshSchema;
import dev.quire.store.postgres.PostgresDocumentStore;
import dev.quire.store.postgres.PostgresSettings;
import dev.quire.store.postgres.PostgresUrl;
import dev.quire.testkit.Await;
import dev.quire.testkit.CapturedLogs;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real Quire server on PostgreSQL, chosen by {@code --database}: edits over a WebSocket survive a restart. */
class PostgresServerTest {
    /** trust auth ignores it; it is there to be masked. */
    private static final String PASSWORD = "pw-never-logged";

    private FreshSchema schema;

    @BeforeEach
    void createSchema() {
        schema = FreshSchema.create();
    }

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    /** The flag as an operator writes it, with the schema named by the driver's currentSchema parameter. */
    private String databaseFlag() {
        String url = FreshSchema.URL.replaceFirst("^jdbc:", "");
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema.name() + "&password=" + PASSWORD;
    }

    private ServerConfig config(Path data) throws Exception {
        ConfigLoader.Command command = ConfigLoader.parse(List.of("--port", "0", "--data", data.toString(),
                "--database", databaseFlag()), Map.of());
        return assertInstanceOf(ConfigLoader.Run.class, command).config();
    }

    @Test
    void editsOverAWebSocket_areInPostgres_andSurviveARestart_withoutTouchingTheDataDirectory() throws Exception {
        ServerConfig config = config(TestServer.tempDir());
        assertFalse(config.toString().contains(PASSWORD), config.toString());
        Delta typed;
        try (CapturedLogs logs = CapturedLogs.of(StoreChoice.class);
             TestServer server = TestServer.start(config, SecurityLimits.defaults());
             WsTestClient ada = server.client("notes", "ada").connect().join()) {
            ada.edit(Delta.builder().insert("Hello ").build());
            ada.edit(current -> Delta.builder().retain(current.length() - 1).insert("PostgreSQL").build());
            Await.until(() -> !ada.hasPending(), "both edits acknowledged");
            typed = ada.content();
            assertEquals(Delta.ofText("Hello PostgreSQL\n"), typed);
            assertFalse(Files.exists(server.data().resolve("quire.db")), "nothing in the data directory");

            List<ILoggingEvent> events = logs.events();
            assertTrue(events.stream().anyMatch(e -> e.getFormattedMessage().contains("PostgreSQL at")),
                    CapturedLogs.describe(events));
            assertTrue(events.stream().noneMatch(e -> e.getFormattedMessage().contains(PASSWORD)),
                    CapturedLogs.describe(events));
        }

        try (PostgresDocumentStore store = PostgresDocumentStore.open(schema.settings())) {
            List<CommittedOp> ops = store.ops("notes", 0, Long.MAX_VALUE);
            assertEquals(2, ops.size(), ops::toString);
        }

        try (TestServer restarted = TestServer.start(config(TestServer.tempDir()), SecurityLimits.defaults());
             WsTestClient bob = restarted.client("notes", "bob").connect().join()) {
            assertEquals(typed, bob.content(), "the content came back from PostgreSQL");
            bob.edit(Delta.builder().insert(">").build());
            Await.until(() -> !bob.hasPending(), "an edit after the restart is acknowledged");
            assertEquals(3, bob.version());
        }
    }

    @Test
    void databaseSetting_takesBothUrlForms_andThePasswordFromItsOwnSetting_neverShowingIt() throws Exception {
        ConfigLoader.Run run = assertInstanceOf(ConfigLoader.Run.class, ConfigLoader.parse(List.of(),
                Map.of("QUIRE_DATABASE", "postgresql://quire@db.example:5433/quire?sslmode=require",
                        "QUIRE_DATABASE_PASSWORD", "s3cret-env")));
        PostgresSettings settings = ConfiguredSettings.database(run.config());
        assertEquals(new PostgresUrl("jdbc:postgresql://db.example:5433/quire?sslmode=require", "quire", "s3cret-env"),
                settings.url());
        assertFalse(run.config().toString().contains("s3cret"), run.config().toString());
        assertFalse(settings.toString().contains("s3cret"), settings.toString());

        PostgresUrl inUrl = PostgresUrl.parse("jdbc:postgresql://u:p%40ss@h/db", "ignored");
        assertEquals(new PostgresUrl("jdbc:postgresql://h/db", "u", "p@ss"), inUrl);
        assertEquals("postgresql://u:***@h/db?user=x&password=***",
                PostgresUrl.mask("postgresql://u:pss@h/db?user=x&password=zz"));

        ServerConfig.InvalidSettingException refused = org.junit.jupiter.api.Assertions.assertThrows(
                ServerConfig.InvalidSettingException.class, () -> ConfigLoader.parse(
                        List.of("--database", "mysql://u:hidden@h/db"), Map.of()));
        assertTrue(refused.getMessage().startsWith("--database: not a PostgreSQL URL"), refused.getMessage());
        assertFalse(refused.getMessage().contains("hidden"), refused.getMessage());
        assertEquals(null, ConfiguredSettings.database(assertInstanceOf(ConfigLoader.Run.class,
                ConfigLoader.parse(List.of(), Map.of())).config()), "unset: the embedded SQLite database");
    }

    @Test
    void backupAndRestoreCommands_withPostgres_pointToItsOwnTools() {
        DataDirectoryLockTest.Run backup = DataDirectoryLockTest.run(new BackupCommand(), "--database",
                databaseFlag(), "--to", "quire.db");
        assertEquals(1, backup.exit());
        assertTrue(backup.err().contains("pg_dump"), backup.err());
        assertFalse(backup.err().contains(PASSWORD), backup.err());
        DataDirectoryLockTest.Run restore = DataDirectoryLockTest.run(new RestoreCommand(), "--database",
                databaseFlag(), "--from", "quire.db");
        assertEquals(1, restore.exit());
        assertTrue(restore.err().contains("pg_restore"), restore.err());
        DataDirectoryLockTest.Run neither = DataDirectoryLockTest.run(new BackupCommand(), "--to", "quire.db");
        assertEquals(2, neither.exit(), "without --data nor --database: a usage error");
        assertTrue(neither.err().contains("--data=DIR"), neither.err());
    }
}
