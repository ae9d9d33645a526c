package dev.quire.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.testkit.Await;
import dev.quire.testkit.ServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A server restart or crash never loses a pending delivery", against the real process: a save's delivery fails
 * once, the server is killed with SIGKILL while the retry is pending, and the restarted server delivers it - with
 * the same {@code webhook-id}. Uses the production retry schedule (first retry after 5 s +-20 %).
 */
@Tag("heavy")
class WebhookKillRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** {@link ServerProcess} on {@code dir/data} with private webhook targets allowed, and its REST calls. */
    private final class Server {
        final ServerProcess process;

        Server() throws Exception {
            process = new ServerProcess(dir, 0, "--webhooks-allow-private");
        }

        JsonNode rest(String method, String path, String json, int expected) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(process.base.resolve(path)).timeout(DEADLINE);
            request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                    : request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(expected, response.statusCode(), () -> method + " " + path + ": " + response.body());
            return JSON.readTree(response.body());
        }

        JsonNode delivery(String endpointId) throws Exception {
            JsonNode list = rest("GET", "/api/webhooks/" + endpointId + "/deliveries", null, 200).get("deliveries");
            assertEquals(1, list.size(), list::toString);
            return list.get(0);
        }

        void kill() throws InterruptedException {
            process.kill();
        }
    }

    @Test
    void sigkillWhileARetryIsPending_theRestartedServerDeliversIt() throws Exception {
        try (Receiver receiver = new Receiver().then(Receiver.Reply.status(500))) {
            Server server = new Server();
            try {
                String endpointId = server.rest("POST", "/api/webhooks",
                        "{\"url\":\"" + receiver.url("/hook") + "\",\"eventTypes\":[\"document.saved\"]}", 201)
                        .get("id").asText();
                String id = server.rest("POST", "/api/documents", "{\"text\":\"x\\n\"}", 201).get("id").asText();
                server.rest("POST", "/api/documents/" + id + "/saves", "{}", 201);
                Server first = server;
                Await.until(() -> {
                    try {
                        JsonNode d = first.delivery(endpointId);
                        return d.get("attempts").asInt() == 1 && d.get("state").asText().equals("pending");
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }, DEADLINE, () -> "the first attempt failed and was recorded: " + receiver.received());
            } finally {
                server.kill();
            }
            assertEquals(1, receiver.received("/hook").size(), "only the failed attempt before the kill");

            server = new Server();
            try {
                Await.until(() -> receiver.received("/hook").size() >= 2, DEADLINE,
                        () -> "the retry after the restart: " + receiver.received());
                List<Receiver.Received> got = receiver.received("/hook");
                assertEquals(got.get(0).header("webhook-id"), got.get(1).header("webhook-id"));
                assertEquals(got.get(0).body(), got.get(1).body(), "the same bytes, fixed in the outbox");
            } finally {
                server.kill();
            }
        }
    }
}
