package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.JwtRules;
import dev.quire.auth.Jwts;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may join and what they may send, over real WebSockets, with auth configured. */
class WsAuthTest {
    private static final String ADMIN = "ws-auth-test-admin-secret-0123456789ab";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestServer server;

    @BeforeAll
    static void start() {
        // No clock-skew leeway: the expiry tests close and refuse at exp itself instead of a minute later.
        server = TestServer.withAuth(AuthSettings.defaults().withAdminToken(ADMIN)
                .withJwtHmacSecret(Jwts.HMAC_SECRET).withJwtRules(JwtRules.defaults().withClockSkew(Duration.ZERO)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve(path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return WsTestClient.JSON.readTree(response.body());
    }

    private static JsonNode link(String documentId, String role) throws Exception {
        return post("/api/documents/" + documentId + "/share-links", "{\"role\":\"" + role + "\"}");
    }

    /** The HTTP status of a refused upgrade (JDK client, so the header can be set as a program would). */
    private static int refusedUpgradeStatus(String documentId, String authorization) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        URI uri = WsTestClient.wsUri(server.baseUri().resolve("/ws/documents/" + documentId));
        try {
            builder.buildAsync(uri, new WebSocket.Listener() { }).join().abort();
            throw new AssertionError("the upgrade was accepted");
        } catch (CompletionException e) {
            return assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode();
        }
    }

    private static String opFrame(long seq, long baseVersion, String text) {
        return "{\"type\":\"op\",\"seq\":" + seq + ",\"baseVersion\":" + baseVersion
                + ",\"delta\":{\"ops\":[{\"insert\":\"" + text + "\"}]}}";
    }

    @Test
    void handshake_withoutValidCredential_is401_andWithoutAccessToTheDocument_is403() throws Exception {
        assertEquals(401, refusedUpgradeStatus("ws-auth-a", null));
        assertEquals(401, refusedUpgradeStatus("ws-auth-a", "Bearer qt_forged"));
        assertEquals(401, refusedUpgradeStatus("ws-auth-a", "Bearer " + ADMIN + "x"));
        String expiredJwt = Jwts.hs256(Jwts.claims("u", Instant.now().minusSeconds(1), Map.of("*", "edit")).build(),
                Jwts.HMAC_SECRET);
        assertEquals(401, refusedUpgradeStatus("ws-auth-a", "Bearer " + expiredJwt));
        String otherDocument = link("ws-auth-b", "edit").get("secret").asText();
        assertEquals(403, refusedUpgradeStatus("ws-auth-a", "Bearer " + otherDocument));
    }

    @Test
    void viewer_isRefusedOpsAndSaves_whilePresenceWorks_andEditorsAreUnaffected() throws Exception {
        String doc = "ws-auth-viewer";
        try (WsTestClient editor = server.client(doc, "editor", ADMIN).connect().join();
             WsTestClient viewer = server.client(doc, "viewer", link(doc, "view").get("secret").asText())
                     .connect().join()) {
            assertEquals("edit", editor.received().get(0).get("role").asText());
            assertEquals("view", viewer.received().get(0).get("role").asText());

            JsonNode refused = viewer.nextOfType("error", () -> viewer.send(opFrame(1, 0, "vandal")));
            assertEquals("read_only", refused.get("code").asText());
            assertEquals(1, refused.get("seq").asLong());
            JsonNode refusedBatch = viewer.nextOfType("error", () -> viewer.send("{\"type\":\"ops\",\"baseVersion\":0,"
                    + "\"ops\":[{\"seq\":2,\"delta\":{\"ops\":[{\"insert\":\"vandal\"}]}}]}"));
            assertEquals("read_only", refusedBatch.get("code").asText());
            assertEquals(2, refusedBatch.get("seq").asLong(), "names the batch's first seq");
            assertEquals("ops", refusedBatch.get("re").asText());
            JsonNode refusedSave = viewer.nextOfType("error", () -> viewer.send("{\"type\":\"save\"}"));
            assertEquals("read_only", refusedSave.get("code").asText());
            assertEquals("save", refusedSave.get("re").asText(), "says it answers the save");

            JsonNode presence = editor.nextOfType("presence", () ->
                    viewer.send("{\"type\":\"presence\",\"selection\":{\"index\":0,\"length\":0}}"));
            assertEquals(viewer.clientId(), presence.get("clientId").asText());

            editor.edit(Delta.ofText("hello"));
            Await.until(() -> viewer.content().equals(Delta.ofText("hello\n")),
                    "the viewer follows the editor's edits");
            assertTrue(viewer.isOpen() && editor.isOpen());
            assertEquals(Delta.ofText("hello\n"), editor.content(), "the refused op never reached anyone");
        }
    }

    @Test
    void revokingALink_closesTheSessionsThatUsedIt() throws Exception {
        String doc = "ws-auth-revoke";
        JsonNode link = link(doc, "edit");
        try (WsTestClient guest = server.client(doc, "guest", link.get("secret").asText()).connect().join();
             WsTestClient owner = server.client(doc, "owner", ADMIN).connect().join()) {
            HttpResponse<String> revoked = HTTP.send(HttpRequest.newBuilder(server.baseUri()
                            .resolve("/api/documents/" + doc + "/share-links/" + link.get("id").asText()))
                    .header("Authorization", "Bearer " + ADMIN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, revoked.statusCode());
            CloseReason reason = guest.awaitClose();
            assertEquals(4403, reason.getCloseCode().getCode());
            assertTrue(reason.getReasonPhrase().startsWith("access_revoked"), reason.getReasonPhrase());
            assertTrue(owner.isOpen(), "others stay");
        }
    }

    @Test
    void jwtSession_takesItsNameFromTheToken_andClosesAtItsExpiry() throws Exception {
        String doc = "ws-auth-jwt";
        // JWT times are whole seconds: at least four seconds from now, so the join happens before expiry even on a
        // loaded machine; the close is awaited for up to 10 s.
        Instant expiry = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 5);
        String jwt = Jwts.hs256(Jwts.claims("user-7", expiry, Map.of(doc, "edit")).claim("name", "Grace Hopper")
                .claim("color", "#123456").build(), Jwts.HMAC_SECRET);
        try (WsTestClient watcher = server.client(doc, "watcher", ADMIN).connect().join();
             WsTestClient integration = server.client(doc, "integration", jwt).connect()) {
            JsonNode joined = watcher.nextOfType("presence", integration::join);
            assertEquals("Grace Hopper", joined.get("name").asText(), "the token's name wins over the hello's");
            assertEquals("#123456", joined.get("color").asText());
            CloseReason reason = integration.awaitClose();
            assertEquals(4401, reason.getCloseCode().getCode());
            assertTrue(reason.getReasonPhrase().startsWith("access_expired"), reason.getReasonPhrase());
            assertTrue(!Instant.now().isBefore(expiry), "closed at expiry, not before");
            assertTrue(watcher.isOpen());
        }
    }

    @Test
    void browserCredentialInTheQuery_isAccepted() throws Exception {
        String doc = "ws-auth-query";
        try (WsTestClient viaQuery = server.client(doc, "q", link(doc, "edit").get("secret").asText()).connect()
                .join()) {
            viaQuery.edit(Delta.ofText("ok"));
            Await.until(() -> !viaQuery.hasPending(), Duration.ofSeconds(10), () -> "the op was acknowledged");
        }
    }
}
