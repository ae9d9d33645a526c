package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.app.SecurityLimits;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.Jwts;
import dev.quire.testkit.PathVariants;
import dev.quire.testkit.RawRequests;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The WebSocket upgrade is authorised on exactly the document the endpoint serves. Whatever credential a client
 * holds - a view link or a token for document A, a token that may only manage webhooks, a JWT for A - no
 * non-canonical spelling ({@link PathVariants}) of {@code /ws/documents/B} is upgraded: each gets a plain HTTP
 * refusal, never B's content, ops or presence; and none of an unknown id creates it.
 */
class WsPathVariantsTest {
    private static final String ADMIN = "ws-path-variants-admin-secret-0123456789";
    private static final String TITLE_B = "bravo-title-5d1c";
    private static final String CONTENT_B = "bravo-content-c07a";
    private static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 404);
    private static final String HELLO = "{\"type\":\"hello\",\"protocol\":2}";

    private static TestServer server;
    private static String a;
    private static String b;
    private static Map<String, String> credentials;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.withAuth(AuthSettings.defaults().withAdminToken(ADMIN).withJwtHmacSecret(Jwts.HMAC_SECRET),
                SecurityLimits.defaults());
        a = adminPost("/api/documents", "{\"title\":\"alpha\",\"text\":\"alpha\"}").get("id").asText();
        b = adminPost("/api/documents", "{\"title\":\"" + TITLE_B + "\",\"text\":\"" + CONTENT_B + "\"}")
                .get("id").asText();
        credentials = Map.of(
                "a view link for A", adminPost("/api/documents/" + a + "/share-links", "{\"role\":\"view\"}")
                        .get("secret").asText(),
                "a token limited to A", adminPost("/api/tokens", "{\"scopes\":[\"documents:read\","
                        + "\"documents:write\"],\"documentIds\":[\"" + a + "\"]}").get("token").asText(),
                "a token that may only manage webhooks", adminPost("/api/tokens",
                        "{\"scopes\":[\"webhooks:manage\"]}").get("token").asText(),
                "a JWT for A", Jwts.hs256(Jwts.claims("jwt-user", Instant.now().plusSeconds(3600),
                        Map.of(a, "edit")).build(), Jwts.HMAC_SECRET));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode adminPost(String path, String body) throws Exception {
        RawRequests.Reply reply = RawRequests.request(server.baseUri(), "POST", path, ADMIN, body);
        assertEquals(201, reply.status(), reply + " " + reply.rest());
        return WsTestClient.JSON.readTree(reply.rest());
    }

    static Stream<Arguments> credentialNames() {
        return Stream.of("a view link for A", "a token limited to A", "a token that may only manage webhooks",
                "a JWT for A").map(Arguments::of);
    }

    @ParameterizedTest(name = "with {0}")
    @MethodSource("credentialNames")
    void noNonCanonicalSpelling_isUpgraded_norServesOrCreatesADocument(String credentialName) {
        String credential = credentials.get(credentialName);
        String unknown = "unknown-" + Math.abs(credentialName.hashCode());
        List<String> failures = new ArrayList<>();
        for (String id : List.of(b, unknown)) {
            for (Map.Entry<String, String> variant : PathVariants.of("/ws/documents/" + id).entrySet()) {
                RawRequests.Reply reply = RawRequests.upgrade(server.baseUri(), variant.getValue(), credential, HELLO);
                boolean leaks = reply.contains(CONTENT_B) || reply.contains(TITLE_B) || reply.contains("welcome");
                if (!REFUSALS.contains(reply.status()) || leaks) {
                    failures.add(variant.getKey() + " (" + variant.getValue() + "): " + reply
                            + (leaks ? " - and it carried the document" : ""));
                }
            }
        }
        assertTrue(failures.isEmpty(), "upgraded on a non-canonical path with " + credentialName + ":\n"
                + String.join("\n", failures));
        RawRequests.Reply created = RawRequests.request(server.baseUri(), "GET", "/api/documents/" + unknown, ADMIN, null);
        assertEquals(404, created.status(), "no variant created " + unknown + ": " + created);
    }

    @Test
    void canonicalPath_isStillAuthorisedAsBefore() {
        String viewer = credentials.get("a view link for A");
        assertEquals(403, RawRequests.upgrade(server.baseUri(), "/ws/documents/" + b, viewer, HELLO).status(),
                "A's viewer has no access to B");
        RawRequests.Reply own = RawRequests.upgrade(server.baseUri(), "/ws/documents/" + a + "?x=1", viewer, HELLO);
        assertEquals(101, own.status(), "A's viewer joins A (a query is not part of the path)");
        assertTrue(own.contains("\"welcome\""), own.rest());
        RawRequests.Reply owner = RawRequests.upgrade(server.baseUri(), "/ws/documents/" + b, ADMIN, HELLO);
        assertTrue(owner.contains(CONTENT_B), "B is intact and served on its canonical path");
    }

    @Test
    void refusal_isAPlainHttpAnswer_withoutUpgrade() {
        RawRequests.Reply reply = RawRequests.upgrade(server.baseUri(), "/ws/documents/" + b + ";x",
                credentials.get("a view link for A"), HELLO);
        assertEquals(404, reply.status());
        String head = reply.head().toLowerCase(java.util.Locale.ROOT);
        assertTrue(!head.contains("upgrade:") && !head.contains("sec-websocket-accept"), reply.head());
        assertTrue(head.contains("application/problem+json"), reply.head());
        assertTrue(reply.rest().contains("\"code\":\"non_canonical_path\""), reply.rest());
    }
}
