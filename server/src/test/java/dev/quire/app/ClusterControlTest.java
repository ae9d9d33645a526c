package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.auth.AuthSettings;
import dev.quire.store.postgres.FreshSchema;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import jakarta.websocket.CloseReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two nodes in one JVM on one PostgreSQL schema, with and without Redis: what one node changes outside the op log
 * (a share link issued or revoked, a rename, a delete) reaches the sessions of the other.
 */
class ClusterControlTest {
    private static final String ADMIN = "cluster-control-test-admin-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FreshSchema schema;
    private TestServer one;
    private TestServer two;
    /** Node ids of one test: nodes of other tests hear the same channels. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void createSchema() {
        schema = FreshSchema.create();
    }

    @AfterEach
    void stop() {
        if (two != null) {
            two.close();
        }
        if (one != null) {
            one.close();
        }
        schema.close();
    }

    private void startNodes(boolean redis) {
        one = node("one-" + run, redis);
        two = node("two-" + run, redis);
    }

    private TestServer node(String id, boolean redis) {
        return TestNodes.start(schema, id, redis ? TestNodes.REDIS : null, AuthSettings.defaults().withAdminToken(ADMIN));
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {true, false})
    void aShareLinkIssuedOnOneNode_opensTheOther_andItsRevocationClosesSessionsThere(boolean redis) throws Exception {
        startNodes(redis);
        String doc = create(one);
        JsonNode link = WsTestClient.JSON.readTree(send(one, "/api/documents/" + doc + "/share-links", "POST",
                "{\"role\":\"edit\"}", 201));
        String secret = link.get("secret").asText();
        // The other node knows the link once it heard of it: its credential check reads only its memory.
        Await.until(() -> status(two, "/api/documents/" + doc, secret) == 200, Duration.ofSeconds(10),
                () -> "node two never accepted the link issued on node one");
        try (WsTestClient guest = two.client(doc, "guest", secret).connect()
                .join()) {
            send(one, "/api/documents/" + doc + "/share-links/" + link.get("id").asText(), "DELETE", null, 204);
            CloseReason reason = guest.awaitClose();
            assertEquals(4403, reason.getCloseCode().getCode());
            assertTrue(reason.getReasonPhrase().startsWith("access_revoked"), reason.getReasonPhrase());
        }
        assertEquals(401, status(two, "/api/documents/" + doc, secret), "refused on the other node too");
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {true, false})
    void aRenameOnOneNode_isToldToSessionsOnTheOther_andADeleteClosesThem(boolean redis) throws Exception {
        startNodes(redis);
        String doc = create(one);
        try (WsTestClient editor = two.client(doc, "editor", ADMIN).connect()
                .join()) {
            JsonNode title = editor.nextOfType("title", () -> {
                try {
                    send(one, "/api/documents/" + doc, "PATCH", "{\"title\":\"Renamed elsewhere\"}", 200);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("Renamed elsewhere", title.get("title").asText());

            send(one, "/api/documents/" + doc, "DELETE", null, 204);
            CloseReason reason = editor.awaitClose();
            assertTrue(reason.getReasonPhrase().startsWith("document_deleted"), reason.getReasonPhrase());
        }
    }

    /** A new document, made through {@code node}; its id. */
    private static String create(TestServer node) throws Exception {
        return WsTestClient.JSON.readTree(send(node, "/api/documents", "POST", "{\"title\":\"Notes\",\"text\":\"hi\\n\"}",
                201)).get("id").asText();
    }

    private static String send(TestServer node, String path, String method, String body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.baseUri().resolve(path))
                .header("Authorization", "Bearer " + ADMIN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        return response.body();
    }

    private static int status(TestServer node, String path, String credential) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUri().resolve(path).toString()))
                    .header("Authorization", "Bearer " + credential).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
