package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.testkit.TestServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /health/live}, {@code /health/ready} and {@code /health} on the real server, and request ids. */
class HealthEndpointTest {

    private final TestServer server = TestServer.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void startedServer_isLiveAndReady() throws Exception {
        for (String path : new String[] {"/health/live", "/health/ready", "/health"}) {
            HttpResponse<String> reply = get(path, null);
            assertEquals(200, reply.statusCode(), path);
            assertEquals("{\"status\":\"ok\"}", reply.body(), path);
        }
    }

    @Test
    void drainingServer_isLiveButNotReady_withProblemJson() throws Exception {
        server.beginDraining();

        HttpResponse<String> ready = get("/health/ready", null);
        assertEquals(503, ready.statusCode());
        assertEquals("application/problem+json", ready.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(ready.body().contains("\"status\":503") && ready.body().contains("shutting down"), ready.body());
        assertEquals(503, get("/health", null).statusCode(), "/health is the readiness check");
        assertEquals(200, get("/health/live", null).statusCode(), "a draining process is alive");
        assertEquals(200, get("/api/documents", null).statusCode(), "draining still serves everything else");
    }

    @Test
    void everyResponse_carriesARequestId_keepingASaneIncomingOne() throws Exception {
        assertEquals("lb-4711.a_b", get("/health/live", "lb-4711.a_b").headers().firstValue("X-Request-Id")
                .orElseThrow());
        String generated = get("/health/live", null).headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(generated.matches("[0-9a-f]{16}"), generated);
        String replaced = get("/health/live", "bad id\" with=stuff").headers().firstValue("X-Request-Id")
                .orElseThrow();
        assertTrue(replaced.matches("[0-9a-f]{16}"), replaced);
        assertEquals(404, get("/no-such-page", "static-1").statusCode());
        assertEquals("static-1", get("/no-such-page", "static-1").headers().firstValue("X-Request-Id")
                .orElseThrow(), "static files get one too");
        assertNotEquals(generated, get("/health/live", null).headers().firstValue("X-Request-Id").orElseThrow());
    }

    private HttpResponse<String> get(String path, String requestId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(10));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
