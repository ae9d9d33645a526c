package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.Jwts;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.webhook.Receiver;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code /api/webhooks} with a credential limited to one document - an API token and an integration JWT, both with
 * {@code webhooks:manage}: it sees and manages only endpoints of its documents (others answer exactly as unknown ids),
 * cannot subscribe to every document or to others, and sees only messages of its documents. Real server, real
 * receiver; every test makes its own documents, so what a limited credential lists is exactly what the test made.
 */
class WebhooksDocumentLimitTest {
    private static final String ADMIN = "webhooks-limit-test-admin-secret-0123456789";
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    /** The two kinds of credential a document limit comes with. */
    enum Kind { API_TOKEN, JWT }

    private static TestServer server;
    private static Http http;
    private static Receiver receiver;

    private String mine;
    private String other;

    @BeforeAll
    static void start() {
        server = TestServer.withAuthAllowingPrivateWebhooks(AuthSettings.defaults().withAdminToken(ADMIN)
                .withJwtHmacSecret(Jwts.HMAC_SECRET));
        http = new Http(server.baseUri(), HttpClient.Version.HTTP_1_1);
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.close();
    }

    @BeforeEach
    void documents() {
        mine = createDocument("mine");
        other = createDocument("other");
    }

    private static String[] bearer(String credential) {
        return new String[] {"Authorization", "Bearer " + credential};
    }

    private static String createDocument(String title) {
        Http.Reply reply = http.json("POST", "/api/documents", "{\"title\":\"" + title + "\",\"text\":\"x\"}",
                bearer(ADMIN));
        assertEquals(201, reply.status(), reply.toString());
        return reply.json().get("id").asText();
    }

    /** A credential with {@code webhooks:manage} and {@code documents:read} on {@code documentId} only. */
    private static String limitedTo(Kind kind, String documentId) {
        if (kind == Kind.JWT) {
            return Jwts.hs256(Jwts.claims("integration-user", Instant.now().plusSeconds(600),
                    Map.of(documentId, "view")).claim("scope", "webhooks:manage documents:read").build(),
                    Jwts.HMAC_SECRET);
        }
        Http.Reply reply = http.json("POST", "/api/tokens", "{\"scopes\":[\"webhooks:manage\",\"documents:read\"],"
                + "\"documentIds\":[\"" + documentId + "\"]}", bearer(ADMIN));
        assertEquals(201, reply.status(), reply.toString());
        return reply.json().get("token").asText();
    }

    /** A credential with {@code webhooks:manage} on every document. */
    private static String unrestricted(Kind kind) {
        if (kind == Kind.JWT) {
            return Jwts.hs256(Jwts.claims("integration-admin", Instant.now().plusSeconds(600), Map.of("*", "view"))
                    .claim("scope", "webhooks:manage").build(), Jwts.HMAC_SECRET);
        }
        Http.Reply reply = http.json("POST", "/api/tokens", "{\"scopes\":[\"webhooks:manage\"]}", bearer(ADMIN));
        assertEquals(201, reply.status(), reply.toString());
        return reply.json().get("token").asText();
    }

    /** Registers an endpoint as {@code credential}; {@code documentIds} is a JSON array, or null to leave it out. */
    private static Http.Reply register(String credential, String documentIds) {
        return http.json("POST", "/api/webhooks", "{\"url\":\"" + receiver.url("/hook") + "\""
                + (documentIds == null ? "" : ",\"documentIds\":" + documentIds) + "}", bearer(credential));
    }

    private static String endpoint(String documentIds) {
        Http.Reply reply = register(ADMIN, documentIds);
        assertEquals(201, reply.status(), reply.toString());
        return reply.json().get("id").asText();
    }

    private static JsonNode asAdmin(String path) {
        Http.Reply reply = http.get(path, bearer(ADMIN));
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    /** The answer an unknown endpoint id gets: a limited credential must not tell an invisible one apart. */
    private static void assertUnknownEndpoint(Http.Reply reply, String id) {
        assertEquals(404, reply.status(), reply.toString());
        assertEquals(Problem.MEDIA_TYPE, reply.contentType());
        assertEquals("no webhook endpoint '" + id + "'", reply.json().get("detail").asText());
    }

    private static void assertForbidden(Http.Reply reply, String detail) {
        assertEquals(403, reply.status(), reply.toString());
        assertEquals(Problem.MEDIA_TYPE, reply.contentType());
        assertEquals("forbidden", reply.json().get("code").asText());
        assertEquals(detail, reply.json().get("detail").asText());
    }

    private static List<String> ids(JsonNode array, String field) {
        List<String> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.get(field).asText()));
        return ids;
    }

    /** Saves {@code documentId} as the admin: one {@code document.saved} message. */
    private static void save(String documentId) {
        Http.Reply reply = http.json("POST", "/api/documents/" + documentId + "/saves", "{}", bearer(ADMIN));
        assertEquals(201, reply.status(), reply.toString());
    }

    private static JsonNode deliveries(String endpointId) {
        return asAdmin("/api/webhooks/" + endpointId + "/deliveries?limit=100").get("deliveries");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void list_showsOnlyEndpointsWithinItsDocuments(Kind kind) {
        String everything = endpoint(null);
        String others = endpoint("[\"" + other + "\"]");
        String mixed = endpoint("[\"" + mine + "\",\"" + other + "\"]");
        String own = endpoint("[\"" + mine + "\"]");
        String limited = limitedTo(kind, mine);

        Http.Reply list = http.get("/api/webhooks", bearer(limited));
        assertEquals(200, list.status(), list.toString());
        assertEquals(List.of(own), ids(list.json().get("endpoints"), "id"));
        assertTrue(ids(asAdmin("/api/webhooks").get("endpoints"), "id").containsAll(List.of(everything, others,
                mixed, own)), "the admin still sees them all");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void get_answersEndpointsOutsideItsDocumentsAsUnknown(Kind kind) {
        String limited = limitedTo(kind, mine);
        for (String id : List.of(endpoint(null), endpoint("[\"" + other + "\"]"),
                endpoint("[\"" + mine + "\",\"" + other + "\"]"), "ep_doesNotExist")) {
            assertUnknownEndpoint(http.get("/api/webhooks/" + id, bearer(limited)), id);
        }
        String own = endpoint("[\"" + mine + "\"]");
        Http.Reply read = http.get("/api/webhooks/" + own, bearer(limited));
        assertEquals(200, read.status(), read.toString());
        assertEquals("[\"" + mine + "\"]", read.json().get("documentIds").toString());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void create_cannotSubscribeToEveryDocumentOrToOthers_andStoresNothing(Kind kind) {
        String limited = limitedTo(kind, mine);
        int before = asAdmin("/api/webhooks").get("endpoints").size();
        String everyDocument = "documentIds: this credential is limited to some documents, so an endpoint must name"
                + " them; an empty list means every document, which needs a credential without a document limit";
        assertForbidden(register(limited, null), everyDocument);
        assertForbidden(register(limited, "[]"), everyDocument);
        assertForbidden(register(limited, "[\"" + mine + "\",\"" + other + "\"]"),
                "documentIds: this credential does not give access to document '" + other + "'");
        assertEquals(before, asAdmin("/api/webhooks").get("endpoints").size(), "no refused request stored one");

        Http.Reply created = register(limited, "[\"" + mine + "\"]");
        assertEquals(201, created.status(), created.toString());
        assertEquals("[\"" + mine + "\"]", created.json().get("documentIds").toString());
        assertTrue(created.json().get("secret").asText().startsWith("whsec_"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void update_cannotWidenItsEndpoint_norChangeOthers(Kind kind) {
        String limited = limitedTo(kind, mine);
        String own = endpoint("[\"" + mine + "\"]");
        String everything = endpoint(null);

        assertForbidden(http.json("PATCH", "/api/webhooks/" + own, "{\"documentIds\":[]}", bearer(limited)),
                "documentIds: this credential is limited to some documents, so an endpoint must name them; an empty"
                        + " list means every document, which needs a credential without a document limit");
        assertForbidden(http.json("PATCH", "/api/webhooks/" + own, "{\"documentIds\":[\"" + mine + "\",\"" + other
                + "\"]}", bearer(limited)), "documentIds: this credential does not give access to document '"
                + other + "'");
        assertEquals("[\"" + mine + "\"]", asAdmin("/api/webhooks/" + own).get("documentIds").toString());

        String elsewhere = receiver.url("/taken-over").toString();
        assertUnknownEndpoint(http.json("PATCH", "/api/webhooks/" + everything, "{\"url\":\"" + elsewhere + "\"}",
                bearer(limited)), everything);
        assertUnknownEndpoint(http.json("PATCH", "/api/webhooks/" + everything, "{\"enabled\":false}",
                bearer(limited)), everything);
        JsonNode untouched = asAdmin("/api/webhooks/" + everything);
        assertEquals(receiver.url("/hook").toString(), untouched.get("url").asText());
        assertTrue(untouched.get("enabled").asBoolean());

        Http.Reply changed = http.json("PATCH", "/api/webhooks/" + own, "{\"description\":\"mine only\","
                + "\"url\":\"" + elsewhere + "\"}", bearer(limited));
        assertEquals(200, changed.status(), changed.toString());
        assertEquals("mine only", changed.json().get("description").asText());
        assertEquals("[\"" + mine + "\"]", changed.json().get("documentIds").toString());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void rotateSecret_onlyOfEndpointsWithinItsDocuments(Kind kind) {
        String limited = limitedTo(kind, mine);
        String everything = endpoint(null);
        assertUnknownEndpoint(http.send("POST", "/api/webhooks/" + everything + "/rotate-secret", null, null,
                bearer(limited)), everything);
        assertTrue(asAdmin("/api/webhooks/" + everything).get("previousSecretExpiresAt").isNull(), "not rotated");

        String own = endpoint("[\"" + mine + "\"]");
        Http.Reply rotated = http.send("POST", "/api/webhooks/" + own + "/rotate-secret", null, null,
                bearer(limited));
        assertEquals(200, rotated.status(), rotated.toString());
        assertTrue(rotated.json().get("secret").asText().startsWith("whsec_"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void delete_onlyEndpointsWithinItsDocuments(Kind kind) {
        String limited = limitedTo(kind, mine);
        String mixed = endpoint("[\"" + mine + "\",\"" + other + "\"]");
        assertUnknownEndpoint(http.delete("/api/webhooks/" + mixed, bearer(limited)), mixed);
        assertEquals(mixed, asAdmin("/api/webhooks/" + mixed).get("id").asText(), "still there");

        String own = endpoint("[\"" + mine + "\"]");
        assertEquals(204, http.delete("/api/webhooks/" + own, bearer(limited)).status());
        assertEquals(404, http.get("/api/webhooks/" + own, bearer(ADMIN)).status());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void deliveriesAndRedelivery_onlyOfMessagesAboutItsDocuments(Kind kind) {
        String limited = limitedTo(kind, mine);
        String everything = endpoint(null);
        String narrowed = endpoint(null);
        Http.Reply created = register(limited, "[\"" + mine + "\"]");
        assertEquals(201, created.status(), created.toString());
        String own = created.json().get("id").asText();
        save(other);
        save(mine);
        // Deliveries are enqueued in the save's transaction: the log is complete once the saves answered.
        assertEquals(Set.of(mine), documentIds(deliveries(own)), "its endpoint never gets other documents' events");
        Await.until(() -> allSucceeded(everything) && allSucceeded(narrowed) && allSucceeded(own), DEADLINE,
                () -> "deliveries finished: " + deliveries(everything));

        // The admin narrows an every-document endpoint to the limited credential's document: its log still holds
        // the other document's message, which the limited credential must not see.
        assertEquals(200, http.json("PATCH", "/api/webhooks/" + narrowed, "{\"documentIds\":[\"" + mine + "\"]}",
                bearer(ADMIN)).status());
        assertEquals(Set.of(mine, other), documentIds(deliveries(narrowed)));
        Http.Reply log = http.get("/api/webhooks/" + narrowed + "/deliveries", bearer(limited));
        assertEquals(200, log.status(), log.toString());
        assertEquals(Set.of(mine), documentIds(log.json().get("deliveries")));
        assertUnknownEndpoint(http.get("/api/webhooks/" + everything + "/deliveries", bearer(limited)), everything);

        String mineMessage = messageOf(deliveries(everything), mine);
        String otherMessage = messageOf(deliveries(everything), other);
        Http.Reply refused = http.send("POST", "/api/webhooks/messages/" + otherMessage + "/redeliver", null, null,
                bearer(limited));
        assertEquals(404, refused.status(), refused.toString());
        assertEquals("no webhook message '" + otherMessage + "'", refused.json().get("detail").asText());
        assertUnknownEndpoint(http.send("POST", "/api/webhooks/messages/" + mineMessage + "/redeliver?endpointId="
                + everything, null, null, bearer(limited)), everything);

        Http.Reply redelivered = http.send("POST", "/api/webhooks/messages/" + mineMessage + "/redeliver", null,
                null, bearer(limited));
        assertEquals(202, redelivered.status(), redelivered.toString());
        Set<String> to = new TreeSet<>();
        redelivered.json().get("endpointIds").forEach(id -> to.add(id.asText()));
        assertEquals(new TreeSet<>(List.of(own, narrowed)), to, "only to its endpoints, never to the every-document"
                + " one");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unrestrictedCredential_managesEveryEndpoint(Kind kind) {
        String everything = endpoint(null);
        String credential = unrestricted(kind);
        Http.Reply created = register(credential, null);
        assertEquals(201, created.status(), created.toString());
        assertEquals("[]", created.json().get("documentIds").toString());
        Http.Reply list = http.get("/api/webhooks", bearer(credential));
        assertTrue(ids(list.json().get("endpoints"), "id").containsAll(List.of(everything,
                created.json().get("id").asText())), list.toString());
        assertEquals(200, http.send("POST", "/api/webhooks/" + everything + "/rotate-secret", null, null,
                bearer(credential)).status());
    }

    private static boolean allSucceeded(String endpointId) {
        JsonNode log = deliveries(endpointId);
        for (JsonNode delivery : log) {
            if (!delivery.get("state").asText().equals("succeeded")) {
                return false;
            }
        }
        return log.size() > 0;
    }

    private static Set<String> documentIds(JsonNode deliveries) {
        return new TreeSet<>(ids(deliveries, "documentId"));
    }

    private static String messageOf(JsonNode deliveries, String documentId) {
        for (JsonNode delivery : deliveries) {
            if (delivery.get("documentId").asText().equals(documentId)
                    && delivery.get("eventType").asText().equals("document.saved")) {
                return delivery.get("messageId").asText();
            }
        }
        throw new AssertionError("no document.saved of " + documentId + " in " + deliveries);
    }
}
