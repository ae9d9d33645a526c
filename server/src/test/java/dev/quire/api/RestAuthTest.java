package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.Jwts;
import dev.quire.testkit.TestServer;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may do what over REST, against the real server with an admin token and a JWT secret configured. */
class RestAuthTest {
    static final String ADMIN = "rest-auth-test-admin-secret-0123456789";

    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = TestServer.withAuth(AuthSettings.defaults().withAdminToken(ADMIN)
                .withJwtHmacSecret(Jwts.HMAC_SECRET));
        http = new Http(server.baseUri(), HttpClient.Version.HTTP_1_1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private static String createDocument(String title, String text) {
        Http.Reply reply = http.json("POST", "/api/documents", "{\"title\":\"" + title + "\",\"text\":\"" + text
                + "\"}", bearer(ADMIN));
        assertEquals(201, reply.status(), reply.toString());
        return reply.json().get("id").asText();
    }

    private static String token(String body) {
        Http.Reply reply = http.json("POST", "/api/tokens", body, bearer(ADMIN));
        assertEquals(201, reply.status(), reply.toString());
        String secret = reply.json().get("token").asText();
        assertTrue(secret.startsWith("qt_"), secret);
        return secret;
    }

    private static List<String> listedIds(String token) {
        Http.Reply reply = http.get("/api/documents?limit=100", bearer(token));
        assertEquals(200, reply.status(), reply.toString());
        List<String> ids = new ArrayList<>();
        reply.json().get("documents").forEach(d -> ids.add(d.get("id").asText()));
        return ids;
    }

    private static void assertUnauthorized(Http.Reply reply, String code) {
        assertEquals(401, reply.status(), reply.toString());
        assertEquals(Problem.MEDIA_TYPE, reply.contentType());
        assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"), reply.toString());
        assertEquals(code, reply.json().get("code").asText());
    }

    @Test
    void missingExpiredOrTamperedCredential_is401_andNothingIsPersisted() {
        int before = listedIds(ADMIN).size();
        String create = "{\"title\":\"intruder\"}";
        assertUnauthorized(http.json("POST", "/api/documents", create), "credential_missing");
        String expired = token("{\"scopes\":[\"documents:write\",\"documents:read\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}");
        assertUnauthorized(http.json("POST", "/api/documents", create, bearer(expired)), "credential_expired");
        String good = token("{\"scopes\":[\"documents:write\",\"documents:read\"]}");
        String tampered = good.substring(0, good.length() - 1) + (good.endsWith("A") ? "B" : "A");
        assertUnauthorized(http.json("POST", "/api/documents", create, bearer(tampered)), "credential_unknown");
        String jwt = Jwts.hs256(Jwts.claims("u1", Instant.now().plusSeconds(600), Map.of("*", "edit")).build(),
                Jwts.HMAC_SECRET);
        String[] parts = jwt.split("\\.");
        String forgedSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10)
                + (parts[2].charAt(10) == 'A' ? 'B' : 'A') + parts[2].substring(11);
        assertUnauthorized(http.json("POST", "/api/documents", create, bearer(forgedSignature)),
                "credential_bad_signature");
        assertUnauthorized(http.json("POST", "/api/documents", create, "Authorization", "Basic YTpi"),
                "credential_malformed");
        assertEquals(before, listedIds(ADMIN).size(), "no refused request created a document");
        assertEquals(201, http.json("POST", "/api/documents", create, bearer(jwt)).status(), "the good JWT works");
    }

    @Test
    void readScopedToken_mayReadButNotWrite() {
        String id = createDocument("rest-auth-read", "original");
        String reader = token("{\"scopes\":[\"documents:read\"]}");
        assertEquals(200, http.get("/api/documents/" + id, bearer(reader)).status());
        Http.Reply write = http.json("PUT", "/api/documents/" + id + "/content",
                "{\"ops\":[{\"insert\":\"defaced\\n\"}]}", bearer(reader));
        assertEquals(403, write.status(), write.toString());
        assertEquals("forbidden", write.json().get("code").asText());
        assertEquals(403, http.json("POST", "/api/documents", "{}", bearer(reader)).status());
        assertEquals(403, http.get("/api/webhooks", bearer(reader)).status());
        assertEquals(403, http.get("/api/tokens", bearer(reader)).status());
        assertEquals(403, http.get("/api/admin/backups", bearer(reader)).status(), "admin area, even if absent");
        assertTrue(http.get("/api/documents/" + id, bearer(ADMIN)).json().get("content").toString()
                .contains("original"), "the refused write changed nothing");
    }

    @Test
    void documentLimitedToken_seesAndEditsOnlyItsDocuments() {
        String mine = createDocument("rest-auth-mine", "mine");
        String other = createDocument("rest-auth-other", "other");
        String token = token("{\"scopes\":[\"documents:read\",\"documents:write\"],\"documentIds\":[\"" + mine + "\"]}");
        assertEquals(List.of(mine), listedIds(token));
        assertEquals(403, http.get("/api/documents/" + other, bearer(token)).status());
        assertEquals(403, http.delete("/api/documents/" + other, bearer(token)).status());
        assertEquals(200, http.get("/api/documents/" + other, bearer(ADMIN)).status(), "still there");
        assertEquals(403, http.json("POST", "/api/documents", "{}", bearer(token)).status(),
                "a token limited to some documents cannot create others");
        Http.Reply edit = http.json("PUT", "/api/documents/" + mine + "/content",
                "{\"ops\":[{\"insert\":\"changed\\n\"}]}", bearer(token));
        assertEquals(200, edit.status(), edit.toString());
    }

    @Test
    void tokens_areListedWithoutSecrets_andRevokedOnesAre401() {
        String secret = token("{\"name\":\"ci\",\"scopes\":[\"documents:read\"]}");
        Http.Reply list = http.get("/api/tokens", bearer(ADMIN));
        assertEquals(200, list.status());
        assertFalse(list.body().contains(secret), "the secret is shown once, at creation");
        String id = null;
        for (JsonNode t : list.json().get("tokens")) {
            assertFalse(t.has("token"));
            if (t.get("name").asText().equals("ci") && t.get("revokedAt").isNull()) {
                id = t.get("id").asText();
            }
        }
        assertNotNull(id);
        assertEquals(200, http.get("/api/me", bearer(secret)).status());
        assertEquals(204, http.delete("/api/tokens/" + id, bearer(ADMIN)).status());
        assertUnauthorized(http.get("/api/me", bearer(secret)), "credential_revoked");
        assertEquals(404, http.delete("/api/tokens/tok_nope", bearer(ADMIN)).status());
        assertEquals(400, http.json("POST", "/api/tokens", "{\"scopes\":[\"everything\"]}", bearer(ADMIN)).status());
    }

    @Test
    void shareLinks_giveTheirRoleOnTheirDocumentOnly_untilRevoked() {
        String id = createDocument("rest-auth-shared", "shared");
        String other = createDocument("rest-auth-unshared", "unshared");
        Http.Reply created = http.json("POST", "/api/documents/" + id + "/share-links", "{\"role\":\"view\"}",
                bearer(ADMIN));
        assertEquals(201, created.status(), created.toString());
        String view = created.json().get("secret").asText();
        assertEquals("/d/" + id + "#token=" + view, created.json().get("path").asText());
        String edit = http.json("POST", "/api/documents/" + id + "/share-links", "{\"role\":\"edit\"}",
                bearer(ADMIN)).json().get("secret").asText();

        JsonNode me = http.get("/api/me", bearer(view)).json();
        assertEquals("share-link", me.get("kind").asText());
        assertEquals("view", me.get("documents").get(id).asText());
        assertEquals(200, http.get("/api/documents/" + id, bearer(view)).status());
        assertEquals(403, http.get("/api/documents/" + other, bearer(view)).status());
        String put = "{\"ops\":[{\"insert\":\"by link\\n\"}]}";
        assertEquals(403, http.json("PUT", "/api/documents/" + id + "/content", put, bearer(view)).status());
        assertEquals(403, http.json("POST", "/api/documents/" + id + "/share-links", "{\"role\":\"edit\"}",
                bearer(view)).status(), "a viewer cannot mint itself an edit link");
        assertEquals(200, http.json("PUT", "/api/documents/" + id + "/content", put, bearer(edit)).status());

        Http.Reply links = http.get("/api/documents/" + id + "/share-links", bearer(ADMIN));
        assertFalse(links.body().contains(view) || links.body().contains(edit), "secrets are never listed");
        String linkId = created.json().get("id").asText();
        assertEquals(404, http.delete("/api/documents/" + other + "/share-links/" + linkId, bearer(ADMIN)).status(),
                "a link is revoked through its own document");
        assertEquals(204, http.delete("/api/documents/" + id + "/share-links/" + linkId, bearer(ADMIN)).status());
        assertUnauthorized(http.get("/api/documents/" + id, bearer(view)), "credential_revoked");
        assertEquals(400, http.json("POST", "/api/documents/" + id + "/share-links", "{\"role\":\"owner\"}",
                bearer(ADMIN)).status());
    }

    @Test
    void healthAndOpenApi_needNoCredential() {
        assertEquals(200, http.get("/health").status());
        assertEquals(200, http.get("/health/live").status(), "probes carry no credential");
        assertEquals(200, http.get("/health/ready").status(), "probes carry no credential");
        assertEquals(200, http.get("/api/openapi.json").status());
    }
}
