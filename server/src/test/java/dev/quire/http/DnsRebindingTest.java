package dev.quire.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.app.SecurityLimits;
import dev.quire.app.ServerConfig;
import dev.quire.app.Settings;
import dev.quire.testkit.Await;
import dev.quire.testkit.RawHttp;
import dev.quire.testkit.TestServer;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DNS rebinding against the default, loopback-only server (real server, raw sockets so that any {@code Host} can be
 * sent): a page on {@code rebind.attacker.example} whose name now points at 127.0.0.1 sends its requests with that
 * name in {@code Host} and its own origin in {@code Origin}. Every such request - REST, static files, health,
 * metrics, a WebSocket upgrade - gets 421 problem+json and changes nothing; the names the server does answer to keep
 * working.
 */
class DnsRebindingTest {
    private static final String ATTACKER = "rebind.attacker.example";
    private static TestServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, TestServer.tempDir())
                .with(Settings.PUBLIC_URL, new URI("https://quire.example"));
        server = TestServer.start(config, SecurityLimits.defaults()
                .withHttp(HttpHardening.defaults().withAllowedHosts(List.of("docs.example", "[fd00::5]"))));
        port = server.baseUri().getPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp.Response get(String path, String host) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            return http.send("GET", path, host, "");
        }
    }

    private static void assertMisdirected(RawHttp.Response response) {
        assertEquals(421, response.status(), response.toString());
        assertEquals("application/problem+json", response.header("Content-Type"));
        assertEquals("host_not_allowed", response.json().get("code").asText());
        assertEquals("Misdirected Request", response.json().get("title").asText());
        assertTrue(response.json().get("detail").asText().contains("--allowed-hosts"), response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/d/notes", "/api/documents", "/api/documents/notes", "/health",
        "/health/ready", "/metrics", "/api/openapi.json", "/api/admin/backups", "/no-such-file"})
    void rebindingPage_getsMisdirectedOnEveryPath(String path) throws IOException {
        RawHttp.Response response = get(path, ATTACKER + ":" + port);
        assertMisdirected(response);
        assertNotNull(response.header("Content-Security-Policy"), "refusals carry the security headers too");
    }

    @ParameterizedTest
    @ValueSource(strings = {ATTACKER, "localhost.attacker.example", "127.0.0.1.nip.io", "quire.example.attacker.example",
        "docs.example.attacker.example", "10.0.0.1", "192.168.1.20", "0.0.0.0", "[::ffff:10.0.0.1]", "[fe80::1]",
        "[fd00::6]", "2130706433", "127.1", "localhost:http", "localhost:99999", "user@localhost", "[::1", "::1",
        "local host", "xn--localhost-.example", "localhost..", "a.b..c"})
    void foreignHosts_withAnyPort_areMisdirected(String host) throws IOException {
        assertMisdirected(get("/api/documents", host));
        if (!host.contains(":")) {
            assertMisdirected(get("/api/documents", host + ":" + port));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:PORT", "LocalHost:PORT", "localhost.:PORT", "127.0.0.1:PORT",
        "127.0.0.2:1", "[::1]:PORT", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]:PORT", "quire.example",
        "Quire.Example:443", "docs.example:PORT", "DOCS.example.", "[fd00::5]:8080", "[FD00:0::5]"})
    void ownHosts_withAnyPort_areServed(String host) throws IOException {
        RawHttp.Response response = get("/api/documents", host.replace("PORT", Integer.toString(port)));
        assertEquals(200, response.status(), host + " -> " + response);
    }

    @Test
    void requestWithoutHost_isNotFromABrowser_andIsServed() throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            assertEquals(200, http.exchange("GET /api/documents HTTP/1.0\r\n", "").status());
        }
    }

    @Test
    void rebindingPage_cannotWrite_evenAsItsOwnSameOriginPage() throws IOException {
        int backups = backupCount();
        int documents = documentCount();
        try (RawHttp http = new RawHttp(port)) {
            // What a browser sends for fetch(..., {method: 'POST'}) from the rebound page: to the browser it is a
            // same-origin request.
            String[] browser = {"Origin: http://" + ATTACKER + ":" + port, "Sec-Fetch-Site: same-origin"};
            assertMisdirected(http.send("POST", "/api/admin/backups", ATTACKER + ":" + port, "", browser));
            assertMisdirected(http.send("POST", "/api/documents", ATTACKER + ":" + port,
                    "{\"title\":\"planted\",\"text\":\"x\"}", append(browser, "Content-Type: application/json")));
            assertMisdirected(http.send("DELETE", "/api/documents/anything", ATTACKER + ":" + port, "", browser));
            // The connection is still in step: the next request on it is answered normally.
            assertEquals(200, http.send("GET", "/health", "localhost:" + port, "").status());
        }
        assertEquals(backups, backupCount(), "no backup was made");
        assertEquals(documents, documentCount(), "no document was created");
    }

    @Test
    void rebindingPage_cannotOpenAWebSocket_andGetsTheSameProblem() throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            RawHttp.Response refused = http.upgrade("/ws/documents/rebound", ATTACKER + ":" + port,
                    "http://" + ATTACKER + ":" + port);
            assertMisdirected(refused);
            assertFalse(refused.headers().containsKey("sec-websocket-accept"));
            // Answered as a plain request, with a length: the connection goes on.
            assertEquals(200, http.send("GET", "/health", "localhost:" + port, "").status());
        }
        Await.until(() -> server.openWebSocketCount() == 0, "no session was created");
        assertFalse(listsDocument("rebound"), "the document was not created by a join");
    }

    @Test
    void ownHost_andOwnOrigin_stillOpenAWebSocket() throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            RawHttp.Response upgraded = http.upgrade("/ws/documents/own-host", "localhost:" + port,
                    "http://localhost:" + port);
            assertEquals(101, upgraded.status(), upgraded.toString());
        }
        Await.until(() -> server.openWebSocketCount() == 0, "the session ended with its socket");
    }

    private static String[] append(String[] headers, String header) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 1);
        all[headers.length] = header;
        return all;
    }

    private static int backupCount() throws IOException {
        RawHttp.Response list = get("/api/admin/backups", "localhost:" + port);
        assertEquals(200, list.status(), list.toString());
        return list.json().get("backups").size();
    }

    private static int documentCount() throws IOException {
        RawHttp.Response list = get("/api/documents?limit=100", "localhost:" + port);
        assertEquals(200, list.status(), list.toString());
        return list.json().get("documents").size();
    }

    private static boolean listsDocument(String id) throws IOException {
        for (var document : get("/api/documents?limit=100", "localhost:" + port).json().get("documents")) {
            if (document.get("id").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }
}
