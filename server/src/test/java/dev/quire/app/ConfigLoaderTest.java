package dev.quire.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    private static ServerConfig run(List<String> args, Map<String, String> env) throws Exception {
        return assertInstanceOf(ConfigLoader.Run.class, ConfigLoader.parse(args, env)).config();
    }

    private static String failure(List<String> args, Map<String, String> env) {
        return assertThrows(ServerConfig.InvalidSettingException.class, () -> ConfigLoader.parse(args, env))
                .getMessage();
    }

    @Test
    void parse_nothing_givesDefaults() throws Exception {
        ServerConfig config = run(List.of(), Map.of());
        assertEquals(new ServerConfig("127.0.0.1", 8080, Path.of("./data")), config);
        assertEquals(ServerConfig.defaults(), config);
        assertNull(config.publicUrl());
        assertEquals(false, config.webhooksAllowPrivate());
        assertEquals(Duration.ofSeconds(10), config.get(Settings.SHUTDOWN_TIMEOUT));
    }

    @Test
    void parse_flags_inBothForms() throws Exception {
        assertEquals(new ServerConfig("0.0.0.0", 0, Path.of("/tmp/q")),
                run(List.of("--host", "0.0.0.0", "--port=0", "--data", "/tmp/q"), Map.of()));
    }

    @Test
    void parse_environment() throws Exception {
        assertEquals(new ServerConfig("::1", 9000, Path.of("d")),
                run(List.of(), Map.of("QUIRE_HOST", "::1", "QUIRE_PORT", "9000", "QUIRE_DATA", "d")));
    }

    @Test
    void parse_flagsWinOverEnvironment_whichWinsOverFile(@TempDir Path dir) throws Exception {
        Path file = write(dir, "port = 7001\nhost = 10.0.0.1\ndata = from-file\nautosave-idle = 5s\n");
        Map<String, String> env = Map.of("QUIRE_CONFIG", file.toString(), "QUIRE_PORT", "7002", "QUIRE_HOST", "h");
        ServerConfig config = run(List.of("--port", "7003"), env);
        assertEquals(7003, config.port());
        assertEquals("h", config.host());
        assertEquals(Path.of("from-file"), config.data());
        assertEquals(Duration.ofSeconds(5), config.get(Settings.AUTOSAVE_IDLE));
        assertEquals(7002, run(List.of(), env).port());
        assertEquals(7001, run(List.of("--config", file.toString()), Map.of()).port());
    }

    @Test
    void parse_badEnvironmentOverriddenByGoodFlag_isFine() throws Exception {
        assertEquals(8081, run(List.of("--port", "8081"), Map.of("QUIRE_PORT", "oops")).port());
    }

    @Test
    void parse_invalidValue_namesItsSource(@TempDir Path dir) throws Exception {
        assertTrue(failure(List.of("--port", "http"), Map.of()).startsWith("--port: port must be a number"));
        assertTrue(failure(List.of(), Map.of("QUIRE_PORT", "70000")).startsWith("QUIRE_PORT: "));
        Path file = write(dir, "shutdown-timeout = forever\n");
        String message = failure(List.of("--config", file.toString()), Map.of());
        assertTrue(message.startsWith("shutdown-timeout in " + file + ": must be a duration"), message);
        assertTrue(failure(List.of("--host="), Map.of()).startsWith("--host: "));
        assertTrue(failure(List.of("--data", ""), Map.of()).startsWith("--data: "));
    }

    @Test
    void parse_unknownOptionOrMissingValue_fails() {
        assertTrue(failure(List.of("--verbose"), Map.of()).contains("--verbose"));
        assertTrue(failure(List.of("--port"), Map.of()).contains("--port"));
    }

    @Test
    void parse_configFile_unknownKeyOrMissingFile_fails(@TempDir Path dir) throws Exception {
        Path file = write(dir, "port = 1\nprot = 2\n");
        String message = failure(List.of("--config", file.toString()), Map.of());
        assertTrue(message.contains("unknown setting(s) prot"), message);
        message = failure(List.of(), Map.of("QUIRE_CONFIG", dir.resolve("missing.properties").toString()));
        assertTrue(message.startsWith("config file "), message);
    }

    @Test
    void parse_settingsThatMustAgree_nameBoth() {
        String message = failure(List.of("--autosave-idle=10s", "--autosave-max-wait=5s"), Map.of());
        assertTrue(message.contains("autosave-max-wait") && message.contains("autosave-idle"), message);
    }

    @Test
    void redisWithoutDatabase_isAConfigurationError_thatNamesBoth_andMasksThePassword() {
        String message = failure(List.of("--redis=redis://:hunter2@127.0.0.1:6379"), Map.of());
        assertTrue(message.contains("redis") && message.contains("database"), message);
        assertTrue(!message.contains("hunter2") && message.contains("***"), message);
    }

    @Test
    void redisAndNodeId_areReadFromTheEnvironment_andChecked() throws Exception {
        ServerConfig config = run(List.of("--database=postgresql://db.internal/quire?user=q"),
                Map.of("QUIRE_REDIS", "redis://cache.internal:6379", "QUIRE_NODE_ID", "node-a.1"));
        assertEquals("redis://cache.internal:6379", config.get(Settings.REDIS).uri());
        assertEquals("node-a.1", config.get(Settings.NODE_ID));
        assertTrue(failure(List.of("--redis=http://cache.internal"), Map.of()).startsWith("--redis: "));
        assertTrue(failure(List.of("--node-id=has space"), Map.of()).startsWith("--node-id: "));
    }

    @Test
    void parse_switch_bareTurnsOn_andTakesExplicitValues() throws Exception {
        assertTrue(run(List.of("--webhooks-allow-private"), Map.of()).webhooksAllowPrivate());
        assertEquals(false, run(List.of("--webhooks-allow-private=false"), Map.of("QUIRE_WEBHOOKS_ALLOW_PRIVATE",
                "TRUE")).webhooksAllowPrivate());
        assertTrue(run(List.of(), Map.of("QUIRE_WEBHOOKS_ALLOW_PRIVATE", "TRUE")).webhooksAllowPrivate());
        assertTrue(failure(List.of(), Map.of("QUIRE_WEBHOOKS_ALLOW_PRIVATE", "yes"))
                .startsWith("QUIRE_WEBHOOKS_ALLOW_PRIVATE: "));
    }

    @Test
    void parse_publicUrl_mustBeABaseHttpUrl() throws Exception {
        assertEquals(URI.create("https://quire.example/base"),
                run(List.of("--public-url", "https://quire.example/base"), Map.of()).publicUrl());
        for (String bad : List.of("ftp://x.example", "https://x.example/?q=1", "not a url")) {
            assertTrue(failure(List.of("--public-url", bad), Map.of()).startsWith("--public-url: "), bad);
        }
    }

    @Test
    void parse_operationsSettings() throws Exception {
        ServerConfig defaults = run(List.of(), Map.of());
        assertEquals(LogFormat.TEXT, defaults.get(Settings.LOG_FORMAT));
        assertEquals(org.slf4j.event.Level.INFO, defaults.get(Settings.LOG_LEVEL));
        assertTrue(defaults.get(Settings.METRICS), "metrics are on by default");
        ServerConfig set = run(List.of("--log-format=JSON", "--metrics=false"), Map.of("QUIRE_LOG_LEVEL", "debug"));
        assertEquals(LogFormat.JSON, set.get(Settings.LOG_FORMAT));
        assertEquals(org.slf4j.event.Level.DEBUG, set.get(Settings.LOG_LEVEL));
        assertEquals(false, set.get(Settings.METRICS));
        assertTrue(failure(List.of("--log-format", "xml"), Map.of()).startsWith("--log-format: must be text or json"));
        assertTrue(failure(List.of(), Map.of("QUIRE_LOG_LEVEL", "loud")).startsWith("QUIRE_LOG_LEVEL: must be one of"));
    }

    @Test
    void parse_operatorCommand_isHandedOverWithItsArguments() throws Exception {
        var operator = assertInstanceOf(ConfigLoader.Operator.class,
                ConfigLoader.parse(List.of("backup", "--data", "d", "--to", "f.db"), Map.of()));
        assertInstanceOf(BackupCommand.class, operator.commandLine().getCommand());
        assertEquals(List.of("--data", "d", "--to", "f.db"), operator.args());
        assertInstanceOf(RestoreCommand.class, assertInstanceOf(ConfigLoader.Operator.class,
                ConfigLoader.parse(List.of("restore", "--data", "d", "--from", "f.db"), Map.of()))
                .commandLine().getCommand());
    }

    @Test
    void parse_limits_areValidatedAndReachTheLimitsRecords() throws Exception {
        ServerConfig config = run(List.of("--ws-allowed-origins", "https://a.example, http://b.example:81",
                "--ws-messages-per-second=7", "--max-request-body=64KiB", "--frame-ancestors='none'"), Map.of());
        SecurityLimits limits = ConfiguredSettings.securityLimits(config);
        assertEquals(List.of("https://a.example", "http://b.example:81"), limits.http().allowedOrigins());
        assertEquals("'none'", limits.http().frameAncestors());
        assertEquals(7.0, limits.webSocket().messagesPerSecond());
        assertEquals(64 * 1024, limits.maxRequestBodyBytes());
        assertEquals(SecurityLimits.defaults(), ConfiguredSettings.securityLimits(ServerConfig.defaults()),
                "the settings' defaults are the records' defaults");
        assertTrue(failure(List.of("--ws-allowed-origins", "https://a.example/path"), Map.of())
                .startsWith("--ws-allowed-origins: "));
        assertTrue(failure(List.of(), Map.of("QUIRE_FRAME_ANCESTORS", "x; script-src *"))
                .startsWith("QUIRE_FRAME_ANCESTORS: "));
        assertTrue(failure(List.of("--max-request-body", "lots"), Map.of()).startsWith("--max-request-body: "));
    }

    @Test
    void help_listsEverySettingWithItsEnvironmentName_andWins() throws Exception {
        var help = assertInstanceOf(ConfigLoader.Help.class,
                ConfigLoader.parse(List.of("--port", "1", "--help"), Map.of()));
        for (Setting<?> setting : Settings.ALL) {
            assertTrue(help.text().contains(setting.flagName()), setting.flagName());
            assertTrue(help.text().contains(setting.envName()), setting.envName());
        }
        assertTrue(help.text().contains("--config") && help.text().contains("--version"));
        assertTrue(help.text().contains("backup") && help.text().contains("restore"), help.text());
    }

    @Test
    void version_namesTheBuild() throws Exception {
        var version = assertInstanceOf(ConfigLoader.Version.class, ConfigLoader.parse(List.of("--version"), Map.of()));
        assertEquals("Quire " + QuireVersion.current(), version.text());
        assertTrue(QuireVersion.current().matches("\\d+\\.\\d+\\.\\d+.*"), QuireVersion.current());
    }

    private static Path write(Path dir, String text) throws IOException {
        return Files.writeString(dir.resolve("quire.properties"), text);
    }
}
