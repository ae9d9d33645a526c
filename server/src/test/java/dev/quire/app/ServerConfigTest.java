package dev.quire.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerConfigTest {

    private static ServerConfig run(List<String> args, Map<String, String> env) throws Exception {
        return assertInstanceOf(ServerConfig.Run.class, ServerConfig.parse(args, env)).config();
    }

    @Test
    void parse_nothing_givesDefaults() throws Exception {
        assertEquals(new ServerConfig("127.0.0.1", 8080, Path.of("./data")), run(List.of(), Map.of()));
    }

    @Test
    void parse_flags_bothSpellings() throws Exception {
        assertEquals(new ServerConfig("0.0.0.0", 0, Path.of("/tmp/q")),
                run(List.of("--host", "0.0.0.0", "--port=0", "--data", "/tmp/q"), Map.of()));
    }

    @Test
    void parse_environment_isUsed() throws Exception {
        assertEquals(new ServerConfig("::1", 9000, Path.of("d")),
                run(List.of(), Map.of("QUIRE_HOST", "::1", "QUIRE_PORT", "9000", "QUIRE_DATA", "d")));
    }

    @Test
    void parse_flagsWinOverEnvironment() throws Exception {
        ServerConfig config = run(List.of("--port", "7000"), Map.of("QUIRE_PORT", "9000", "QUIRE_HOST", "h"));
        assertEquals(7000, config.port());
        assertEquals("h", config.host());
    }

    @Test
    void parse_help_winsOverEverything() throws Exception {
        assertInstanceOf(ServerConfig.Help.class, ServerConfig.parse(List.of("--port", "1", "--help"), Map.of()));
    }

    @Test
    void parse_badPortFlag_namesTheFlag() {
        var e = assertThrows(ServerConfig.InvalidSettingException.class,
                () -> ServerConfig.parse(List.of("--port", "http"), Map.of()));
        assertTrue(e.getMessage().startsWith("--port: "), e.getMessage());
        assertTrue(e.getMessage().contains("'http'"), e.getMessage());
    }

    @Test
    void parse_badPortInEnvironment_namesTheVariable() {
        var e = assertThrows(ServerConfig.InvalidSettingException.class,
                () -> ServerConfig.parse(List.of(), Map.of("QUIRE_PORT", "70000")));
        assertTrue(e.getMessage().startsWith("QUIRE_PORT: "), e.getMessage());
    }

    @Test
    void parse_badEnvironmentOverriddenByGoodFlag_isFine() throws Exception {
        assertEquals(8081, run(List.of("--port", "8081"), Map.of("QUIRE_PORT", "oops")).port());
    }

    @Test
    void parse_unknownOptionOrMissingValueOrEmptyHost_fails() {
        assertThrows(ServerConfig.InvalidSettingException.class, () -> ServerConfig.parse(List.of("--verbose"), Map.of()));
        assertThrows(ServerConfig.InvalidSettingException.class, () -> ServerConfig.parse(List.of("--port"), Map.of()));
        var e = assertThrows(ServerConfig.InvalidSettingException.class,
                () -> ServerConfig.parse(List.of("--host="), Map.of()));
        assertTrue(e.getMessage().startsWith("--host: "), e.getMessage());
        assertThrows(ServerConfig.InvalidSettingException.class, () -> ServerConfig.parse(List.of("--data", ""), Map.of()));
    }

    @Test
    void parse_webhookSettings_defaultToOwnAddressAndNoPrivateTargets() throws Exception {
        ServerConfig config = run(List.of(), Map.of());
        assertEquals(null, config.publicUrl());
        assertEquals(false, config.webhooksAllowPrivate());
    }

    @Test
    void parse_webhookSettings_fromFlags() throws Exception {
        ServerConfig config = run(List.of("--public-url", "https://quire.example/base", "--webhooks-allow-private"),
                Map.of());
        assertEquals(java.net.URI.create("https://quire.example/base"), config.publicUrl());
        assertTrue(config.webhooksAllowPrivate());
        assertEquals(false, run(List.of("--webhooks-allow-private=false"), Map.of()).webhooksAllowPrivate());
    }

    @Test
    void parse_webhookSettings_fromEnvironment_flagsWin() throws Exception {
        Map<String, String> env = Map.of("QUIRE_PUBLIC_URL", "http://docs.example:81",
                "QUIRE_WEBHOOKS_ALLOW_PRIVATE", "TRUE");
        ServerConfig config = run(List.of(), env);
        assertEquals(java.net.URI.create("http://docs.example:81"), config.publicUrl());
        assertTrue(config.webhooksAllowPrivate());
        assertEquals(false, run(List.of("--webhooks-allow-private=false"), env).webhooksAllowPrivate());
        assertEquals(java.net.URI.create("https://other.example"),
                run(List.of("--public-url=https://other.example"), env).publicUrl());
    }

    @Test
    void parse_badWebhookSettings_nameTheirSource() {
        for (List<String> args : List.of(List.of("--public-url", "ftp://x.example"),
                List.of("--public-url", "https://x.example/?q=1"), List.of("--public-url", "not a url"))) {
            var e = assertThrows(ServerConfig.InvalidSettingException.class, () -> ServerConfig.parse(args, Map.of()));
            assertTrue(e.getMessage().startsWith("--public-url: "), e.getMessage());
        }
        var e = assertThrows(ServerConfig.InvalidSettingException.class,
                () -> ServerConfig.parse(List.of(), Map.of("QUIRE_WEBHOOKS_ALLOW_PRIVATE", "yes")));
        assertTrue(e.getMessage().startsWith("QUIRE_WEBHOOKS_ALLOW_PRIVATE: "), e.getMessage());
    }
}
