package dev.quire.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.testkit.WsTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A JDK {@link HttpClient} of one HTTP version against a test server, with terse request helpers. */
final class Http {
    private final HttpClient client;
    private final URI base;

    Http(URI base, HttpClient.Version version) {
        this.base = base;
        this.client = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
    }

    record Reply(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return WsTestClient.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            String type = header("Content-Type");
            return type == null ? null : type.split(";")[0].strip();
        }

        @Override
        public String toString() {
            return status + " " + headers.map() + " " + body;
        }
    }

    Reply get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    Reply delete(String path, String... headers) {
        return send("DELETE", path, null, null, headers);
    }

    Reply json(String method, String path, String body, String... headers) {
        return send(method, path, "application/json", body, headers);
    }

    /** {@code headers} are name/value pairs. */
    Reply send(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        List<String> all = new ArrayList<>(List.of(headers));
        if (contentType != null) {
            all.add("Content-Type");
            all.add(contentType);
        }
        for (int i = 0; i < all.size(); i += 2) {
            request.header(all.get(i), all.get(i + 1));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
