package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} on the real server: Prometheus text that moves when real edits happen. */
class MetricsEndpointTest {

    private final TestServer server = TestServer.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void metrics_parseAsPrometheusText_andCountersMoveWithWebSocketAndRestEdits() throws Exception {
        HttpResponse<String> first = get("/metrics");
        assertEquals(200, first.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", first.headers().firstValue("Content-Type")
                .orElseThrow());
        Map<String, Double> before = PrometheusText.parse(first.body());
        assertEquals(0.0, before.get("quire_ops_applied_total"));
        assertEquals(0.0, before.get("quire_ws_connections"));
        for (String jvm : List.of("jvm_memory_used_bytes{area=\"heap\",id=", "jvm_threads_live_threads",
                "process_cpu_usage", "process_uptime_seconds", "jvm_gc_")) {
            assertTrue(before.keySet().stream().anyMatch(k -> k.startsWith(jvm)), "JVM meter " + jvm);
        }

        try (WsTestClient alice = server.client("metrics-doc", "alice").connect().join();
             WsTestClient bob = server.client("metrics-doc", "bob").connect().join()) {
            alice.edit(Delta.builder().insert("Hello").build());
            Await.until(() -> bob.content().equals(alice.content()) && alice.version() == 1, "bob sees alice's op");
            bob.edit(d -> Delta.builder().retain(5).insert(" world").build());
            Await.until(() -> alice.version() == 2 && bob.version() == 2, "both at version 2");
            bob.send("this is not JSON");

            // A REST edit made against version 0 must be transformed through the two ops committed since.
            HttpResponse<String> patch = send(HttpRequest.newBuilder(uri("/api/documents/metrics-doc"))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"baseVersion\": 0, \"delta\": {\"ops\": [{\"insert\": \"> \"}]}}"))
                    .header("Content-Type", "application/json"));
            assertEquals(200, patch.statusCode(), patch.body());
            assertEquals(404, get("/api/documents/no-such-document").statusCode());

            Await.until(() -> {
                Map<String, Double> m = scrape();
                return m.get("quire_ops_applied_total") == 3.0
                        && m.get("quire_ops_transformed_total") >= 1.0
                        && m.get("quire_op_commit_seconds_count") == 3.0
                        && m.get("quire_broadcast_fanout_seconds_count") == 3.0
                        && m.get("quire_ws_protocol_errors_total{code=\"invalid_json\"}") == 1.0;
            }, Duration.ofSeconds(10), () -> "meters did not move as expected: " + scrape());
            Map<String, Double> after = scrape();
            assertEquals(2.0, after.get("quire_ws_connections"));
            assertEquals(1.0, after.get("quire_documents_open"));
            assertTrue(after.get("quire_rest_requests_total{status=\"2xx\"}") >= 1.0, "the PATCH");
            assertTrue(after.get("quire_rest_requests_total{status=\"4xx\"}") >= 1.0, "the 404");
            assertEquals(0.0, after.get("quire_webhook_deliveries_pending"), "no webhook endpoints");
            assertEquals(0.0, after.get("quire_storage_errors_total{operation=\"write\"}"));
            assertEquals(0.0, after.get("quire_ws_slow_consumers_closed_total"));
            assertTrue(after.containsKey("quire_webhook_delivery_seconds_count{outcome=\"succeeded\"}"));
        }
        Await.until(() -> scrape().get("quire_ws_connections") == 0.0, "connections gauge back to 0");
    }

    @Test
    void metrics_otherMethods_get405ProblemJson() throws Exception {
        HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("")));
        assertEquals(405, post.statusCode());
        assertEquals("application/problem+json", post.headers().firstValue("Content-Type").orElseThrow());
    }

    private Map<String, Double> scrape() {
        try {
            return PrometheusText.parse(get("/metrics").body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return server.baseUri().resolve(path);
    }
}
