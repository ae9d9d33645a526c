package dev.quire.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.app.SecurityLimits;
import dev.quire.app.ServerConfig;
import dev.quire.app.Settings;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cross-site request forgery against the default server, which needs no credential: a page on another site may send
 * {@code fetch(url, {method: 'POST', mode: 'no-cors'})} anywhere, and the request has its effect even though the page
 * cannot read the answer. Browsers mark such requests ({@code Sec-Fetch-Site}, {@code Origin}); every state-changing
 * request so marked gets 403 problem+json ({@code cross_site_request}) and changes nothing, while Quire's own pages,
 * clients that are not browsers and reads are unaffected. Real server, real HTTP.
 */
class CrossSiteRequestTest {
    private static final String PUBLIC_URL = "https://quire.example";
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static TestServer server;
    private static String self;
    private static String target;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(new ServerConfig("127.0.0.1", 0, TestServer.tempDir())
                .with(Settings.PUBLIC_URL, new URI(PUBLIC_URL)), SecurityLimits.defaults());
        self = "http://127.0.0.1:" + server.baseUri().getPort();
        HttpResponse<String> created = send("POST", "/api/documents", "{\"title\":\"t\",\"text\":\"keep\"}");
        assertEquals(201, created.statusCode(), created.body());
        target = WsTestClient.JSON.readTree(created.body()).get("id").asText();
        assertEquals(201, send("POST", "/api/documents/" + target + "/saves", "").statusCode());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers) {
        String resolved = target == null ? path : path.replace("TARGET", target);
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(resolved))
                .timeout(Duration.ofSeconds(10))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What can be seen of the server's state through reads: documents, the target's content and saves, backups. */
    private static List<String> state() throws IOException {
        List<String> state = new ArrayList<>();
        for (String path : List.of("/api/documents?limit=100", "/api/documents/TARGET",
                "/api/documents/TARGET/saves", "/api/admin/backups")) {
            HttpResponse<String> read = send("GET", path, "");
            assertEquals(200, read.statusCode(), path + ": " + read.body());
            state.add(read.body());
        }
        return state;
    }

    private static void assertCrossSiteRefusal(HttpResponse<String> response) throws IOException {
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = WsTestClient.JSON.readTree(response.body());
        assertEquals("cross_site_request", problem.get("code").asText());
        assertTrue(problem.get("detail").asText().contains("another site"), response.body());
    }

    /** The attack of the report: body-less no-cors POSTs, and the other writes a page can send without CORS. */
    @ParameterizedTest
    @CsvSource({
        "POST, /api/admin/backups, ''",
        "POST, /api/documents, '{\"title\":\"planted\",\"text\":\"x\"}'",
        "POST, /api/documents/TARGET/saves, ''",
        "POST, /api/documents/TARGET/saves/1/restore, ''",
        "PUT, /api/documents/TARGET/content, '{\"ops\":[{\"insert\":\"overwritten\\n\"}]}'",
        "PATCH, /api/documents/TARGET, '{\"title\":\"renamed\"}'",
        "DELETE, /api/documents/TARGET, ''",
        "POST, /api/tokens, '{\"name\":\"stolen\",\"scopes\":[\"admin\"]}'",
        "POST, /api/webhooks, '{\"url\":\"https://evil.example/hook\"}'",
        "POST, /, ''",
    })
    void stateChangingRequest_fromAnotherSitesPage_isRefusedAndChangesNothing(String method, String path, String body)
            throws IOException {
        List<String> before = state();
        // A current browser: Sec-Fetch-Site and Origin.
        assertCrossSiteRefusal(send(method, path, body, "Sec-Fetch-Site", "cross-site", "Origin",
                "https://evil.example"));
        // A sibling site: another server on localhost (another port), or a subdomain next to the public host.
        assertCrossSiteRefusal(send(method, path, body, "Sec-Fetch-Site", "same-site", "Origin",
                "http://127.0.0.1:1"));
        // A browser that predates Sec-Fetch-Site: Origin alone.
        assertCrossSiteRefusal(send(method, path, body, "Origin", "https://evil.example"));
        assertCrossSiteRefusal(send(method, path, body, "Origin", "null"));
        assertCrossSiteRefusal(send(method, path, body, "Origin", "http://localhost:" + (server.baseUri().getPort()
                + 1)));
        assertEquals(before, state(), "nothing changed");
    }

    @ParameterizedTest
    @CsvSource({
        "Sec-Fetch-Site, same-origin, Origin, SELF",
        "Sec-Fetch-Site, none, X-Nothing, x",
        "Origin, SELF, X-Nothing, x",
        "Origin, http://LOCALHOST:PORT, X-Nothing, x",
        "Origin, https://quire.example, X-Nothing, x",
        "X-Nothing, x, X-Nothing, y",
    })
    void stateChangingRequest_fromOwnPagesOrANonBrowserClient_isServed(String h1, String v1, String h2, String v2) {
        String port = Integer.toString(server.baseUri().getPort());
        HttpResponse<String> created = send("POST", "/api/documents", "{\"title\":\"fine\",\"text\":\"x\"}",
                h1, v1.replace("SELF", self).replace("PORT", port), h2, v2.replace("SELF", self));
        assertEquals(201, created.statusCode(), created.body());
    }

    @Test
    void reads_fromAnotherSitesPage_areNotRefused() {
        // Without CORS the page cannot read the answer; refusing would only break links and embeds.
        HttpResponse<String> read = send("GET", "/api/documents/TARGET", "", "Sec-Fetch-Site", "cross-site", "Origin",
                "https://evil.example");
        assertEquals(200, read.statusCode(), read.body());
        assertEquals(200, send("GET", "/", "", "Sec-Fetch-Site", "cross-site").statusCode());
    }
}
