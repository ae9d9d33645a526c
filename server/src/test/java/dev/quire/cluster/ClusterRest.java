package dev.quire.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.testkit.WsTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON calls to the REST API of a node, each expecting one status. */
final class ClusterRest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    /** {@code method path} on {@code base} with {@code json} as the body (null for none); fails on another status. */
    JsonNode call(URI base, String method, String path, String json, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(base, method, path, json);
        assertEquals(expected, response.statusCode(), () -> method + " " + base.resolve(path) + ": "
                + response.body());
        return response.body().isEmpty() ? WsTestClient.JSON.nullNode() : WsTestClient.JSON.readTree(response.body());
    }

    /** {@code GET path} on {@code base}: the answer's JSON. */
    JsonNode get(URI base, String path) throws IOException, InterruptedException {
        return call(base, "GET", path, null, 200);
    }

    private HttpResponse<String> send(URI base, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
