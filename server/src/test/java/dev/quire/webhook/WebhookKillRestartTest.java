package dev.quire.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.app.Main;
import dev.quire.testkit.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A server restart or crash never loses a pending delivery", against the real process: a save's delivery fails
 * once, the server is killed with SIGKILL while the retry is pending, and the restarted server delivers it - with
 * the same {@code webhook-id}. Uses the production retry schedule (first retry after 5 s +-20 %).
 */
class WebhookKillRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Main as a separate process on {@code dir/data}, with private webhook targets allowed. */
    private final class ServerProcess {
        final Process process;
        final URI base;

        ServerProcess() throws Exception {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "--port", "0", "--data", dir.resolve("data").toString(), "--webhooks-allow-private");
            process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
            BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return stdout.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertTrue(line != null && line.startsWith("Quire listening on "), "listening line: " + line);
            base = URI.create(line.substring("Quire listening on ".length()));
        }

        JsonNode rest(String method, String path, String json, int expected) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(DEADLINE);
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
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no dispatcher stop, no store close
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "killed");
        }
    }

    @Test
    void sigkillWhileARetryIsPending_theRestartedServerDeliversIt() throws Exception {
        try (Receiver receiver = new Receiver().then(Receiver.Reply.status(500))) {
            ServerProcess server = new ServerProcess();
            try {
                String endpointId = server.rest("POST", "/api/webhooks",
                        "{\"url\":\"" + receiver.url("/hook") + "\",\"eventTypes\":[\"document.saved\"]}", 201)
                        .get("id").asText();
                String id = server.rest("POST", "/api/documents", "{\"text\":\"x\\n\"}", 201).get("id").asText();
                server.rest("POST", "/api/documents/" + id + "/saves", "{}", 201);
                ServerProcess first = server;
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

            server = new ServerProcess();
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
