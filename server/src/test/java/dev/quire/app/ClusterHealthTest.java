package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.auth.AuthSettings;
import dev.quire.store.postgres.FreshSchema;
import dev.quire.testkit.Await;
import dev.quire.testkit.CapturedLogs;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code /health/ready} of a cluster node: ready with Redis, ready but degraded without it. */
class ClusterHealthTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestServer node(FreshSchema schema, String redis) {
        return TestNodes.start(schema, "health-" + schema.name(), redis, AuthSettings.defaults());
    }

    private static JsonNode ready(TestServer node) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(node.baseUri().resolve("/health/ready"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return WsTestClient.JSON.readTree(response.body());
    }

    private static String status(TestServer node) {
        try {
            return ready(node).get("status").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withRedis_ready() throws Exception {
        try (FreshSchema schema = FreshSchema.create(); TestServer node = node(schema, TestNodes.REDIS)) {
            Await.until(() -> status(node).equals("ok"), Duration.ofSeconds(10), () -> "never ok");
        }
    }

    @Test
    void withRedisUnreachable_readyButDegraded_withTheReason() throws Exception {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (CapturedLogs ignored = CapturedLogs.of("dev.quire.cluster", "io.lettuce");
             FreshSchema schema = FreshSchema.create();
             TestServer node = node(schema, "redis://127.0.0.1:" + unused)) {
            JsonNode body = ready(node);
            assertEquals("degraded", body.get("status").asText(), body.toString());
            assertEquals(true, body.get("degraded").get(0).asText().startsWith("Redis is unreachable"),
                    body.toString());
        }
    }
}
