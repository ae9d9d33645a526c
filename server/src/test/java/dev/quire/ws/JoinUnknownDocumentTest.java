package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.app.SecurityLimits;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.Jwts;
import dev.quire.testkit.Await;
import dev.quire.testkit.RawRequests;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import dev.quire.webhook.Receiver;
import jakarta.websocket.CloseReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Joining an id that does not exist creates the document only for a session that may edit it. A credential that may
 * only view - a {@code documents:read} token, a view link, a JWT with role {@code view} - is turned away with 4404
 * {@code document_not_found}: no document row, no {@code document.created} webhook.
 */
class JoinUnknownDocumentTest {
    private static final String ADMIN = "join-unknown-admin-secret-0123456789abc";

    private static TestServer server;
    private static Receiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new Receiver();
        server = TestServer.withAuth(AuthSettings.defaults().withAdminToken(ADMIN).withJwtHmacSecret(Jwts.HMAC_SECRET),
                SecurityLimits.defaults());
        adminPost("/api/webhooks", "{\"url\":\"" + receiver.url("/created")
                + "\",\"eventTypes\":[\"document.created\"]}");
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.close();
    }

    private static JsonNode adminPost(String path, String body) throws Exception {
        RawRequests.Reply reply = RawRequests.request(server.baseUri(), "POST", path, ADMIN, body);
        assertEquals(201, reply.status(), reply + " " + reply.rest());
        return WsTestClient.JSON.readTree(reply.rest());
    }

    private static String hello(String name) {
        return "{\"type\":\"hello\",\"protocol\":2,\"name\":\"" + name + "\"}";
    }

    /** Connects with {@code credential}, says hello, and returns how the server closed the connection. */
    private static CloseReason refusedJoin(String documentId, String credential) {
        try (WsTestClient viewer = server.client(documentId, "viewer", credential).connect()) {
            viewer.send(hello("viewer"));
            CloseReason reason = viewer.awaitClose();
            assertTrue(viewer.received().stream().noneMatch(m -> m.get("type").asText().equals("welcome")),
                    "no welcome: " + viewer.received());
            return reason;
        }
    }

    private static boolean exists(String documentId) {
        return RawRequests.request(server.baseUri(), "GET", "/api/documents/" + documentId, ADMIN, null).status() != 404;
    }

    private static List<String> createdIds() {
        return receiver.received("/created").stream().map(r -> {
            try {
                return WsTestClient.JSON.readTree(r.body()).get("data").get("documentId").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void viewOnlyCredentials_joiningAnUnknownId_areClosedWith4404_andCreateNothing() throws Exception {
        String reader = adminPost("/api/tokens", "{\"scopes\":[\"documents:read\"]}").get("token").asText();
        String viewLink = adminPost("/api/documents/ghost-link/share-links", "{\"role\":\"view\"}")
                .get("secret").asText();
        String viewJwt = Jwts.hs256(Jwts.claims("viewer", Instant.now().plusSeconds(3600),
                Map.of("ghost-jwt", "view")).build(), Jwts.HMAC_SECRET);
        Map<String, String> attempts = Map.of("ghost-token", reader, "ghost-link", viewLink, "ghost-jwt", viewJwt);
        attempts.forEach((id, credential) -> {
            CloseReason reason = refusedJoin(id, credential);
            assertEquals(4404, reason.getCloseCode().getCode(), id + ": " + reason);
            assertTrue(reason.getReasonPhrase().startsWith("document_not_found"), reason.getReasonPhrase());
            assertTrue(!exists(id), id + " was not created");
        });

        // A session that may edit does create the document; once its webhook has come, none came for the others
        // (their messages would have been committed with their rows, before this one).
        String editLink = adminPost("/api/documents/fresh-doc/share-links", "{\"role\":\"edit\"}")
                .get("secret").asText();
        try (WsTestClient editor = server.client("fresh-doc", "editor", editLink).connect().join()) {
            assertEquals(0, editor.received().get(0).get("version").asLong());
        }
        Await.until(() -> createdIds().contains("fresh-doc"), "document.created for the document an editor made");
        assertTrue(createdIds().stream().noneMatch(attempts::containsKey),
                "no document.created for what viewers tried to open: " + createdIds());
        attempts.keySet().forEach(id -> assertTrue(!exists(id), id + " still does not exist"));
    }

    @Test
    void viewer_ofAnExistingDocument_stillJoinsIt() throws Exception {
        String id = adminPost("/api/documents", "{\"title\":\"t\",\"text\":\"there\"}").get("id").asText();
        String reader = adminPost("/api/tokens", "{\"scopes\":[\"documents:read\"]}").get("token").asText();
        try (WsTestClient viewer = server.client(id, "viewer", reader).connect().join()) {
            assertEquals("view", viewer.received().get(0).get("role").asText());
        }
    }
}
