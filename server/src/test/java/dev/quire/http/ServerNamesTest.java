package dev.quire.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.app.Settings;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Which {@code Host}s and origins are the server's own, by where it listens. The loopback cases also run against the
 * real server ({@link DnsRebindingTest}); listening on every interface is decided here without binding one.
 */
class ServerNamesTest {
    private static final int PORT = 8080;

    private static ServerNames names(String bindHost, String publicUrl, String... allowedHosts) {
        return new ServerNames(bindHost, publicUrl == null ? null : URI.create(publicUrl), List.of(allowedHosts),
                () -> PORT);
    }

    private static Origin origin(String value) {
        return Origin.parse(value).orElseThrow();
    }

    @Test
    void everyInterface_withoutPublicUrl_servesItsAddressesButNoUnlistedName() {
        // The README's "run it for others": --host 0.0.0.0 with an admin token, nothing else.
        ServerNames names = names("0.0.0.0", null);
        for (String host : new String[] {"192.168.1.20:8080", "10.0.0.5", "[2001:db8::7]:8080", "localhost:8080",
            "127.0.0.1"}) {
            assertTrue(names.allowsHost(host), host);
        }
        for (String host : new String[] {"devbox.lan:8080", "rebind.attacker.example", "192.168.1.20.nip.io"}) {
            assertFalse(names.allowsHost(host), host + ": a name needs DNS, which an attacker can point anywhere");
        }
        assertTrue(names.isOwnOrigin(origin("http://192.168.1.20:8080")), "the web client opened by address");
        assertFalse(names.isOwnOrigin(origin("http://192.168.1.20:3000")), "another server on that machine");
        assertFalse(names.isOwnOrigin(origin("http://devbox.lan:8080")));
    }

    @Test
    void everyInterface_withAllowedHostAndPublicUrl_servesThoseNames() {
        ServerNames names = names("::", "https://quire.example", "devbox.lan");
        assertTrue(names.allowsHost("devbox.lan:8080"));
        assertTrue(names.allowsHost("quire.example"));
        assertTrue(names.isOwnOrigin(origin("http://devbox.lan:8080")));
        assertTrue(names.isOwnOrigin(origin("https://quire.example")), "the public origin, on its own port");
        assertFalse(names.isOwnOrigin(origin("http://quire.example")), "not its plain-http twin on port 80");
    }

    @Test
    void loopback_servesNoOtherAddress() {
        ServerNames names = names("127.0.0.1", null);
        assertTrue(names.allowsHost("127.0.0.1:8080"));
        assertFalse(names.allowsHost("192.168.1.20:8080"));
        assertFalse(names.allowsHost("0.0.0.0:8080"));
        assertTrue(names.isOwnOrigin(origin("http://localhost:8080")));
        assertTrue(names.isOwnOrigin(origin("http://[::1]:8080")));
        assertFalse(names.isOwnOrigin(origin("http://localhost:8081")), "another local server is another origin");
    }

    @Test
    void namedBindHost_isOneOfTheServersNames() {
        ServerNames names = names("localhost", null);
        assertTrue(names.allowsHost("localhost:8080"));
        assertFalse(names.allowsHost("devbox.lan"));
    }

    @Test
    void star_allowsEveryHost() {
        ServerNames names = names("127.0.0.1", null, "*");
        assertTrue(names.allowsHost("anything.example:1"));
        assertTrue(names.isOwnOrigin(origin("http://anything.example:8080")));
        assertFalse(names.isOwnOrigin(origin("http://anything.example:8081")), "still the server's own port only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://quire.example", "quire.example:443", "quire.example/", "*.example", "",
        "quire example", "[::1", "::1", "user@quire.example"})
    void allowedHosts_thatAreNotHosts_areRefusedNamingTheValue(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerNames.checkAllowedHosts(List.of(value)));
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @Test
    void allowedHosts_setting_acceptsNamesAddressesAndStar() throws Exception {
        assertEquals(List.of("quire.example", "10.0.0.5", "[fd00::1]", "*"), Settings.ALLOWED_HOSTS.parser()
                .parse("quire.example, 10.0.0.5,[fd00::1] ,*"));
    }
}
