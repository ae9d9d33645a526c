package dev.quire.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.app.Main;
import dev.quire.app.SecurityLimits;
import dev.quire.testkit.WsTestClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP hardening of the whole server (the real application, port 0, real sockets): security headers on every
 * response, static files immune to path traversal, one body limit for every REST request (413, chunked too) and a
 * REST rate limit (429 with Retry-After) that spares {@code /health} and static files.
 */
class HttpHardeningTest {
    private static final int MAX_BODY = 2048;
    private static dev.quire.testkit.TestServer server;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        server = dev.quire.testkit.TestServer.start(SecurityLimits.defaults().withMaxRequestBodyBytes(MAX_BODY)
                .withHttp(HttpHardening.defaults().withFrameAncestors("'self' https://intranet.example")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.baseUri().resolve(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/d/abc", "/nope.js", "/api/documents", "/api/documents/missing",
        "/api/nothing-here", "/health", "/api/openapi.json"})
    void everyResponse_carriesTheSecurityHeaders(String path) {
        HttpResponse<String> response = send(request(path));
        String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self';"), path + ": " + csp);
        assertTrue(csp.contains("object-src 'none'"), path + ": " + csp);
        assertTrue(csp.contains("frame-ancestors 'self' https://intranet.example"), path + ": " + csp);
        assertFalse(csp.contains("unsafe-eval"), csp);
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null), path);
        assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse(null), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/documents", "/api/documents/missing", "/api/nothing-here", "/health",
        "/api/openapi.json"})
    void everyResponse_carriesEachSecurityHeaderOnce(String path) {
        assertEachSecurityHeaderOnce(send(request(path)), path);
    }

    @Test
    void problemForABadBody_carriesEachSecurityHeaderOnce() {
        HttpResponse<String> problem = send(request("/api/documents").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":")));
        assertEquals(400, problem.statusCode(), problem.body());
        assertEachSecurityHeaderOnce(problem, "problem");
    }

    @Test
    void htmlExport_sendsOnlyItsOwnStricterPolicy_once() throws IOException {
        HttpResponse<String> created = send(request("/api/documents").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(createBody(10))));
        String id = WsTestClient.JSON.readTree(created.body()).get("id").asText();
        HttpResponse<String> html = send(request("/api/documents/" + id).header("Accept", "text/html"));
        assertEquals(200, html.statusCode(), html.body());
        assertEachSecurityHeaderOnce(html, "html export");
        assertTrue(html.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'none'"),
                html.headers().toString());
    }

    @Test
    void refusedCredential_carriesEachSecurityHeaderOnce() {
        try (dev.quire.testkit.TestServer secured = dev.quire.testkit.TestServer.withAuth(
                dev.quire.auth.AuthSettings.defaults().withAdminToken("admin-secret-for-the-header-test"))) {
            HttpResponse<String> refused = send(HttpRequest.newBuilder(secured.baseUri().resolve("/api/documents")));
            assertEquals(401, refused.statusCode(), refused.body());
            assertEachSecurityHeaderOnce(refused, "401");
        }
    }

    private static void assertEachSecurityHeaderOnce(HttpResponse<String> response, String what) {
        for (String name : new String[] {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"}) {
            assertEquals(1, response.headers().allValues(name).size(), () -> what + ": " + name + " in "
                    + response.headers().map());
        }
    }

    @Test
    void rejectedPath_alsoCarriesTheSecurityHeaders() throws IOException {
        String head = rawGet("/%2e%2e/%2e%2e/etc/passwd");
        assertTrue(head.startsWith("HTTP/1.1 400"), head);
        assertTrue(head.contains("Content-Security-Policy: default-src 'self'"), head);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/assets/..%5c..%5c..%5c..%5cetc%5cpasswd",
        "/..\\..\\..\\..\\etc\\passwd",
        "/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afetc%c0%afpasswd",
        "/%e0%80%ae%e0%80%ae/etc/passwd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/%25252e%25252e/etc/passwd",
        "/index.html%00",
        "/index.html%00.png",
        "/%00/../../etc/passwd",
        "/api/../../etc/passwd",
        "/d/..%2f..%2f..%2fetc%2fpasswd",
        "/.git/config",
        "/%2e/%2e%2e/etc/passwd",
        "//etc/passwd",
        "/assets/%2e%2e/%2e%2e/pom.xml",
        "/quire-web/../dev/quire/app/Main.class",
        "/../dev/quire/app/Main.class",
    })
    void pathTraversal_againstTheRealServer_isRefusedAndLeaksNothing(String target) throws IOException {
        String response = rawGet(target);
        int status = Integer.parseInt(response.substring(9, 12));
        assertTrue(status == 400 || status == 404, target + " -> " + status);
        assertFalse(response.contains("root:"), target + " leaked /etc/passwd");
        assertFalse(response.contains("[core]"), target + " leaked a git config");
        assertFalse(response.contains("\u00ca\u00fe\u00ba\u00be"), target + " leaked a class file");
        assertFalse(response.contains("<project"), target + " leaked a build file");
    }

    /** A GET sent verbatim (no client library would send these targets unchanged); the whole response. */
    private static String rawGet(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.baseUri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String createBody(int textLength) {
        return "{\"title\":\"big\",\"text\":\"" + "a".repeat(textLength) + "\"}";
    }

    private static void assertTooLarge(HttpResponse<String> response) throws IOException {
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = WsTestClient.JSON.readTree(response.body());
        assertEquals("too_large", problem.get("code").asText());
        assertTrue(problem.get("detail").asText().contains(Integer.toString(MAX_BODY)), response.body());
    }

    @Test
    void bodyOverTheLimit_withContentLength_gets413_andNothingIsCreated() throws IOException {
        int before = documentCount();
        assertTooLarge(send(request("/api/documents").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(createBody(MAX_BODY)))));
        assertEquals(before, documentCount());
        HttpResponse<String> small = send(request("/api/documents").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(createBody(100))));
        assertEquals(201, small.statusCode(), small.body());
    }

    @Test
    void chunkedBodyOverTheLimit_withoutContentLength_gets413_forDocumentsAndWebhooks() throws IOException {
        int before = documentCount();
        for (String path : new String[] {"/api/documents", "/api/webhooks"}) {
            byte[] body = ("{\"url\":\"https://example.com/" + "x".repeat(4 * MAX_BODY) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            // ofInputStream has no known length: the JDK client sends it chunked.
            HttpResponse<String> response = send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
            assertTooLarge(response);
        }
        assertEquals(before, documentCount());
    }

    private static int documentCount() throws IOException {
        HttpResponse<String> list = send(request("/api/documents?limit=100"));
        assertEquals(200, list.statusCode(), list.body());
        return WsTestClient.JSON.readTree(list.body()).get("documents").size();
    }

    @Test
    void tooManyApiRequests_get429WithRetryAfter_healthAndStaticFilesAreNotLimited() throws IOException {
        try (dev.quire.testkit.TestServer limited = dev.quire.testkit.TestServer.start(SecurityLimits.defaults()
                .withHttp(HttpHardening.defaults().withApiRate(0.2, 3)))) {
            URI base = limited.baseUri();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, send(HttpRequest.newBuilder(base.resolve("/api/documents"))).statusCode());
            }
            HttpResponse<String> refused = send(HttpRequest.newBuilder(base.resolve("/api/documents")));
            assertEquals(429, refused.statusCode(), refused.body());
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After " + retryAfter);
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
            assertEquals("rate_limited", WsTestClient.JSON.readTree(refused.body()).get("code").asText());
            assertTrue(refused.headers().firstValue("Content-Security-Policy").isPresent());

            assertEquals(200, send(HttpRequest.newBuilder(base.resolve("/health"))).statusCode(), "health is exempt");
            assertEquals(200, send(HttpRequest.newBuilder(base.resolve("/"))).statusCode(), "static files are exempt");
            // A credential is only a claim until verified: from a spent address it is refused before it is looked
            // up (verified principals' own budgets: ApiRateLimitTest).
            assertEquals(429, send(HttpRequest.newBuilder(base.resolve("/api/documents"))
                    .header("Authorization", "Bearer someone-else")).statusCode(), "an unverified credential");
            assertEquals(429, send(HttpRequest.newBuilder(base.resolve("/api/documents"))).statusCode(),
                    "the limited client is still limited");
        }
    }
}
