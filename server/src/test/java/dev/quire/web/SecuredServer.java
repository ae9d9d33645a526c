package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.auth.AuthSettings;
import dev.quire.testkit.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A server with authentication on (the admin token set, as {@code QUIRE_ADMIN_TOKEN} does) and the few REST calls
 * the browser tests make as its administrator: documents, API tokens and share links to hand to the people in the
 * browsers.
 */
final class SecuredServer implements AutoCloseable {
    static final String ADMIN_TOKEN = "browser-test-admin-secret-0123456789abc";

    private final TestServer server = TestServer.withAuth(AuthSettings.defaults().withAdminToken(ADMIN_TOKEN));
    private final HttpClient http = HttpClient.newHttpClient();

    URI baseUri() {
        return server.baseUri();
    }

    /** A new document with {@code text}; returns its id. */
    String createDocument(String title, String text) {
        return post("/api/documents", "{\"title\":" + json(title) + ",\"text\":" + json(text) + "}").get("id").asText();
    }

    /** A new API token that may read and write every document; returns its secret. */
    String apiToken(String name) {
        return post("/api/tokens", "{\"name\":" + json(name) + ",\"scopes\":[\"documents:read\",\"documents:write\"]}")
                .get("token").asText();
    }

    /** A new share link of {@code documentId}; returns the whole answer ({@code id}, {@code path}, …). */
    JsonNode shareLink(String documentId, String role) {
        return post("/api/documents/" + documentId + "/share-links", "{\"role\":" + json(role) + "}");
    }

    void revokeShareLink(String documentId, String linkId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/documents/" + documentId
                + "/share-links/" + linkId)).DELETE());
        assertEquals(204, response.statusCode(), response.body());
    }

    /** The document's content as plain text. */
    String text(String documentId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/documents/" + documentId))
                .header("Accept", "text/plain").GET());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private JsonNode post(String path, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(201, response.statusCode(), response.body());
        return EditorPage.parse(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the server did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private URI uri(String path) {
        return server.baseUri().resolve(path);
    }

    private static String json(String s) {
        return EditorPage.jsonString(s);
    }

    @Override
    public void close() {
        server.close();
    }
}
