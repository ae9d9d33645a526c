package dev.quire.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.quire.http.StaticFiles;
import dev.quire.testkit.CapturedLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Static files, REST and error bodies over real sockets, using the JDK client with its default version
 * (HTTP/2, which offers {@code Upgrade: h2c} on plain http - the case Grizzly mishandles without our filter).
 */
class QuireServerHttpTest {

    private static QuireServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertEquals(HttpClient.Version.HTTP_2, client.version(), "the point is the h2c upgrade offer");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void root_servesIndexHtml_withContentTypeNosniffAndRevalidation() throws Exception {
        HttpResponse<String> response = get("/");
        assertEquals(200, response.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version(), "h2c offer declined, answered in HTTP/1.1");
        assertEquals("text/html;charset=utf-8", normalise(response.headers().firstValue("Content-Type").orElseThrow()));
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElseThrow());
        assertTrue(response.body().toLowerCase().contains("<html"), response.body());
    }

    @Test
    void asset_servedWithJavaScriptContentType() throws Exception {
        StaticFiles web = StaticFiles.fromClasspath(getClass().getClassLoader(), "quire-web");
        String script = web.paths().stream().filter(p -> p.startsWith("/assets/") && p.endsWith(".js"))
                .findFirst().orElseThrow(() -> new AssertionError("web client bundle has no script: " + web.paths()));
        HttpResponse<String> response = get(script);
        assertEquals(200, response.statusCode());
        assertEquals("text/javascript;charset=utf-8", normalise(response.headers().firstValue("Content-Type").orElseThrow()));
        assertFalse(response.body().isEmpty());
    }

    @Test
    void documentRoute_fallsBackToIndexHtml() throws Exception {
        HttpResponse<String> index = get("/");
        HttpResponse<String> route = get("/d/some-document-id");
        assertEquals(200, route.statusCode());
        assertEquals(index.body(), route.body());
    }

    @Test
    void unknownFile_is404ProblemJson() throws Exception {
        HttpResponse<String> response = get("/assets/no-such-file.js");
        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void conditionalGet_withMatchingEtag_is304() throws Exception {
        String etag = get("/").headers().firstValue("ETag").orElseThrow();
        HttpRequest request = HttpRequest.newBuilder(server.baseUri()).header("If-None-Match", etag).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(304, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void postToStaticFile_is405WithAllow() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/index.html"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void health_isOkJson() throws Exception {
        HttpResponse<String> response = get("/health");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"status\":\"ok\"}", response.body());
    }

    @Test
    void restGet_returnsJson() throws Exception {
        HttpResponse<String> response = get("/api/test");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"greeting\":\"hello\"}", response.body());
    }

    @Test
    void restPost_withBody_isReadAndAnswered() throws Exception {
        // A first request on a fresh client carries the h2c upgrade offer together with the body.
        HttpClient fresh = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/api/test"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Grüße\"}")).build();
        HttpResponse<String> response = fresh.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("{\"text\":\"Grüße\",\"echoed\":true}", response.body());
    }

    @Test
    void unknownApiPath_is404ProblemJson() throws Exception {
        HttpResponse<String> response = get("/api/nope");
        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains("\"status\":404"), response.body());
        assertTrue(response.body().contains("\"title\":\"Not Found\""), response.body());
        assertTrue(response.body().contains("\"type\":\"about:blank\""), response.body());
    }

    @Test
    void wrongMethodOnApi_is405ProblemJsonWithAllow() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/api/test"))
                .DELETE().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(405, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.headers().firstValue("Allow").orElseThrow().contains("POST"));
    }

    @Test
    void wrongContentType_is415ProblemJson() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/api/test"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hi")).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(415, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void malformedJson_is400ProblemJson() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/api/test"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void exceptionInResource_is500WithoutInternals_theDetailOnlyInTheLog() throws Exception {
        try (CapturedLogs logs = CapturedLogs.of("dev.quire.api.ProblemExceptionMapper")) {
            HttpResponse<String> response = get("/api/test/boom");
            assertEquals(500, response.statusCode());
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
            assertFalse(response.body().contains("secret internal detail"), response.body());
            assertFalse(response.body().contains("IllegalStateException"), response.body());
            assertFalse(response.body().contains("at dev.quire"), response.body());
            ILoggingEvent logged = logs.await(Level.ERROR, "unhandled exception in REST request");
            assertEquals("secret internal detail", logged.getThrowableProxy().getMessage());
            String incident = logged.getArgumentArray()[0].toString();
            assertTrue(response.body().contains(incident), response.body());
        }
    }

    private static String normalise(String contentType) {
        return contentType.replace(" ", "").toLowerCase();
    }
}
