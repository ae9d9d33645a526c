package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.Jwts;
import dev.quire.testkit.TestServer;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may manage a document's share links, against the real server: editors with a credential of their own (admin,
 * API token, JWT), never a share link - an edit link cannot mint links that outlive it, nor list or revoke the
 * owner's. Every link records who made it.
 */
class ShareLinksAccessTest {
    private static final String ADMIN = "share-links-test-admin-secret-0123456789";

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

    private static String[] bearer(String credential) {
        return new String[] {"Authorization", "Bearer " + credential};
    }

    private static String createDocument() {
        Http.Reply reply = http.json("POST", "/api/documents", "{\"text\":\"shared\"}", bearer(ADMIN));
        assertEquals(201, reply.status(), reply.toString());
        return reply.json().get("id").asText();
    }

    private static Http.Reply mint(String documentId, String role, String credential) {
        return http.json("POST", "/api/documents/" + documentId + "/share-links", "{\"role\":\"" + role + "\"}",
                bearer(credential));
    }

    private static JsonNode minted(String documentId, String role, String credential) {
        Http.Reply reply = mint(documentId, role, credential);
        assertEquals(201, reply.status(), reply.toString());
        return reply.json();
    }

    private static void assertForbidden(Http.Reply reply) {
        assertEquals(403, reply.status(), reply.toString());
        assertEquals(Problem.MEDIA_TYPE, reply.contentType());
        assertEquals("forbidden", reply.json().get("code").asText());
    }

    @Test
    void editLink_cannotMintListOrRevokeLinks_butStillEdits() {
        String id = createDocument();
        JsonNode owners = minted(id, "view", ADMIN);
        String editLink = minted(id, "edit", ADMIN).get("secret").asText();
        int before = http.get("/api/documents/" + id + "/share-links", bearer(ADMIN)).json().get("links").size();

        Http.Reply mintedByLink = mint(id, "edit", editLink);
        assertForbidden(mintedByLink);
        assertEquals("this credential does not allow this request: it needs edit access to document " + id
                + " by a credential that is not a share link", mintedByLink.json().get("detail").asText());
        assertForbidden(mint(id, "view", editLink));
        assertForbidden(http.get("/api/documents/" + id + "/share-links", bearer(editLink)));
        assertForbidden(http.delete("/api/documents/" + id + "/share-links/" + owners.get("id").asText(),
                bearer(editLink)));

        assertEquals(before, http.get("/api/documents/" + id + "/share-links", bearer(ADMIN)).json().get("links")
                .size(), "no link was made");
        assertEquals(200, http.get("/api/me", bearer(owners.get("secret").asText())).status(),
                "the owner's link still works");
        assertEquals(200, http.json("PUT", "/api/documents/" + id + "/content",
                "{\"ops\":[{\"insert\":\"edited\\n\"}]}", bearer(editLink)).status(), "the edit link still edits");
    }

    @Test
    void list_showsWhoMadeEachLink() {
        String id = createDocument();
        Http.Reply token = http.json("POST", "/api/tokens", "{\"scopes\":[\"documents:read\",\"documents:write\"],"
                + "\"documentIds\":[\"" + id + "\"]}", bearer(ADMIN));
        assertEquals(201, token.status(), token.toString());
        String jwt = Jwts.hs256(Jwts.claims("user-42", Instant.now().plusSeconds(600), Map.of(id, "edit")).build(),
                Jwts.HMAC_SECRET);

        Map<String, String> made = new HashMap<>();
        made.put(minted(id, "view", ADMIN).get("id").asText(), "admin");
        made.put(minted(id, "edit", token.json().get("token").asText()).get("id").asText(),
                "api-token:" + token.json().get("id").asText());
        JsonNode byJwt = minted(id, "view", jwt);
        assertEquals("integration-jwt:user-42", byJwt.get("createdBy").asText(), "the create answer shows it too");
        made.put(byJwt.get("id").asText(), "integration-jwt:user-42");

        Http.Reply list = http.get("/api/documents/" + id + "/share-links", bearer(ADMIN));
        assertEquals(200, list.status(), list.toString());
        Map<String, String> listed = new HashMap<>();
        list.json().get("links").forEach(link -> listed.put(link.get("id").asText(), link.get("createdBy").asText()));
        assertEquals(made, listed);
        assertTrue(list.body().contains("\"createdBy\""), list.body());
    }

    @Test
    void tokenLimitedToOneDocument_managesOnlyThatDocumentsLinks() {
        String mine = createDocument();
        String other = createDocument();
        Http.Reply token = http.json("POST", "/api/tokens", "{\"scopes\":[\"documents:read\",\"documents:write\"],"
                + "\"documentIds\":[\"" + mine + "\"]}", bearer(ADMIN));
        String secret = token.json().get("token").asText();
        assertEquals(201, mint(mine, "view", secret).status());
        assertForbidden(mint(other, "view", secret));
        String othersLink = minted(other, "view", ADMIN).get("id").asText();
        assertForbidden(http.delete("/api/documents/" + other + "/share-links/" + othersLink, bearer(secret)));
    }
}
