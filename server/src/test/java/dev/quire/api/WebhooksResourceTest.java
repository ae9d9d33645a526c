package dev.quire.api;

import dev.quire.store.OutboxMessage;
import dev.quire.webhook.InMemoryWebhookStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.quire.http.RestConfig;
import dev.quire.auth.AccessGrants;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.Authenticator;
import dev.quire.auth.InMemoryAccessGrantStore;
import dev.quire.auth.Revocations;
import dev.quire.testkit.Await;
import dev.quire.webhook.DocumentDeleted;
import dev.quire.webhook.WebhookSettings;
import dev.quire.webhook.Webhooks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/webhooks} over real HTTP, with a real receiver for the delivery log and redelivery. */
class WebhooksResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StoreCalls calls = StoreCalls.defaults();

    // HTTP/1.1: a bare Grizzly server (unlike dev.quire.server.QuireServer) stalls on the JDK client's h2c upgrade offer.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final InMemoryWebhookStore store = new InMemoryWebhookStore();
    private final List<String> receivedIds = new CopyOnWriteArrayList<>();
    private Webhooks webhooks;
    private org.glassfish.grizzly.http.server.HttpServer server;
    private HttpServer receiver;
    private URI base;
    private String hookUrl;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            receivedIds.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        hookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        webhooks = new Webhooks(store, WebhookSettings.defaults().toBuilder().allowPrivateTargets(true)
                .maxConcurrency(2).pollInterval(Duration.ofMillis(10)).build(), Clock.systemUTC());
        webhooks.start();
        server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
                RestConfig.create().register(new WebhooksResource(webhooks.registry(), calls))
                        // No auth configured: every request is the local user, who may manage every endpoint.
                        .register(new AuthFilter(new Authenticator(AuthSettings.defaults(), new AccessGrants(
                                new InMemoryAccessGrantStore(), Clock.systemUTC(), new Revocations()),
                                Clock.systemUTC()))), true);
        base = URI.create("http://127.0.0.1:" + server.getListener("grizzly").getPort());
    }

    @AfterEach
    void stop() {
        server.shutdownNow();
        calls.close();
        webhooks.stop(Duration.ofSeconds(1));
        receiver.stop(0);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode create(String body) throws Exception {
        HttpResponse<String> response = send("POST", "/api/webhooks", body);
        assertEquals(201, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(Problem.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(detail, JSON.readTree(response.body()).get("detail").asText());
        assertFalse(JSON.readTree(response.body()).path("code").asText().isEmpty(), response.body());
    }

    private void assertProblem(HttpResponse<String> response, int status, String code, String detail)
            throws Exception {
        assertProblem(response, status, detail);
        assertEquals(code, JSON.readTree(response.body()).get("code").asText(), response.body());
    }

    @Test
    void redeliver_toAnEndpointThatWasDisabledWhenTheMessageWasMade_deliversIt() throws Exception {
        // Subscribes to every event type and document, but is off when the document is deleted.
        String id = create("{\"url\": \"" + hookUrl + "\", \"enabled\": false}").get("id").asText();
        String saveOnly = create("{\"url\": \"" + hookUrl + "\", \"eventTypes\": [\"document.saved\"]}")
                .get("id").asText();
        OutboxMessage message = webhooks.publish(new DocumentDeleted("doc1", "Notes", "Ada", Instant.now()));
        assertEquals(List.of(), store.deliveriesOf(message.id()));

        assertProblem(send("POST", "/api/webhooks/messages/" + message.id() + "/redeliver?endpointId=" + id, null),
                409, "conflict", "endpoint '" + id + "' is disabled (disabled when registered); enable it first");
        assertEquals(200, send("PATCH", "/api/webhooks/" + id, "{\"enabled\": true}").statusCode());
        HttpResponse<String> redeliver = send("POST", "/api/webhooks/messages/" + message.id()
                + "/redeliver?endpointId=" + id, null);
        assertEquals(202, redeliver.statusCode(), redeliver.body());
        assertEquals("[\"" + id + "\"]", JSON.readTree(redeliver.body()).get("endpointIds").toString());
        Await.until(() -> store.attempts(message.id(), id).size() == 1, "delivered after re-enabling");
        assertEquals(List.of(message.id()), receivedIds);

        assertProblem(send("POST", "/api/webhooks/messages/" + message.id() + "/redeliver?endpointId=" + saveOnly,
                null), 404, "not_found", "endpoint '" + saveOnly + "' does not subscribe to message '"
                + message.id() + "' (document.deleted of document 'doc1')");
    }

    @Test
    void everyRefusal_carriesACode() throws Exception {
        String id = create("{\"url\": \"" + hookUrl + "\"}").get("id").asText();
        assertProblem(send("GET", "/api/webhooks/ep_nope", null), 404, "not_found", "no webhook endpoint 'ep_nope'");
        assertProblem(send("POST", "/api/webhooks", "{\"url\": 1}"), 400, "invalid_message", "url: must be a string");
        assertProblem(send("POST", "/api/webhooks", "{\"url\": \"ftp://example.com/\"}"), 422, "forbidden_target",
                JSON.readTree(send("POST", "/api/webhooks", "{\"url\": \"ftp://example.com/\"}").body())
                        .get("detail").asText());
        assertProblem(send("PATCH", "/api/webhooks/" + id, "{\"colour\": 1}"), 400, "invalid_message",
                "unknown field 'colour'; known: description, documentIds, enabled, eventTypes, url");
    }

    @Test
    void post_registersAndShowsTheSecretOnlyOnce() throws Exception {
        HttpResponse<String> response = send("POST", "/api/webhooks", "{\"url\": \"" + hookUrl + "\","
                + " \"description\": \"CMS\", \"eventTypes\": [\"document.saved\"]}");
        assertEquals(201, response.statusCode(), response.body());
        JsonNode created = JSON.readTree(response.body());
        String id = created.get("id").asText();
        assertEquals("/api/webhooks/" + id, URI.create(response.headers().firstValue("Location").orElseThrow()).getPath());
        assertTrue(created.get("secret").asText().startsWith("whsec_"));
        assertEquals("[\"document.saved\"]", created.get("eventTypes").toString());
        assertTrue(created.get("enabled").asBoolean());

        JsonNode read = JSON.readTree(send("GET", "/api/webhooks/" + id, null).body());
        assertFalse(read.has("secret"));
        assertEquals("CMS", read.get("description").asText());
        JsonNode list = JSON.readTree(send("GET", "/api/webhooks", null).body());
        assertEquals(id, list.get("endpoints").get(0).get("id").asText());
        assertFalse(list.get("endpoints").get(0).has("secret"));
    }

    @Test
    void post_defaultsToEveryEventTypeAndEveryDocument() throws Exception {
        JsonNode created = create("{\"url\": \"" + hookUrl + "\"}");
        assertEquals("[\"document.created\",\"document.deleted\",\"document.saved\"]",
                created.get("eventTypes").toString());
        assertEquals("[]", created.get("documentIds").toString());
    }

    @Test
    void post_badBodies_areProblemsWithPreciseDetail() throws Exception {
        assertProblem(send("POST", "/api/webhooks", "{}"), 400, "url: required");
        assertProblem(send("POST", "/api/webhooks", "[]"), 400, "the body must be a JSON object");
        assertProblem(send("POST", "/api/webhooks", "{\"url\": \"" + hookUrl + "\", \"secret\": \"x\"}"), 400,
                "unknown field 'secret'; known: description, documentIds, enabled, eventTypes, url");
        assertProblem(send("POST", "/api/webhooks", "{\"url\": \"" + hookUrl + "\", \"eventTypes\": [\"doc.x\"]}"),
                400, "eventTypes: unknown event type 'doc.x'; known: document.created, document.deleted, document.saved");
        assertProblem(send("POST", "/api/webhooks", "{\"url\": \"" + hookUrl + "\", \"eventTypes\": []}"), 400,
                "eventTypes: at least one of document.created, document.deleted, document.saved");
        assertProblem(send("POST", "/api/webhooks", "{\"url\": \"ftp://example.com/x\"}"), 422,
                "url: only http and https URLs can receive webhooks, not 'ftp'");
        assertProblem(send("POST", "/api/webhooks", "{\"url\": \"http://169.254.169.254/latest\"}"), 422,
                "url: host '169.254.169.254' resolves to 169.254.169.254, a cloud metadata address; webhooks are"
                        + " never sent there");
        assertProblem(send("POST", "/api/webhooks", "{\"url\": \"http://exa mple.com/\"}"), 400,
                "url: not a valid URL (Illegal character in authority at index 7)");
        assertEquals(List.of(), store.endpoints());
    }

    @Test
    void patch_changesFieldsAndDisablingRecordsAReason() throws Exception {
        String id = create("{\"url\": \"" + hookUrl + "\"}").get("id").asText();
        JsonNode disabled = JSON.readTree(send("PATCH", "/api/webhooks/" + id,
                "{\"enabled\": false, \"description\": \"paused\", \"documentIds\": [\"d1\"]}").body());
        assertFalse(disabled.get("enabled").asBoolean());
        assertTrue(disabled.get("disabledReason").asText().startsWith("disabled through the API"));
        assertEquals("paused", disabled.get("description").asText());
        assertEquals("[\"d1\"]", disabled.get("documentIds").toString());

        JsonNode enabled = JSON.readTree(send("PATCH", "/api/webhooks/" + id, "{\"enabled\": true}").body());
        assertTrue(enabled.get("enabled").asBoolean());
        assertTrue(enabled.get("disabledReason").isNull());
        assertProblem(send("PATCH", "/api/webhooks/" + id, "{\"url\": \"http://0.0.0.0/\"}"), 422,
                "url: host '0.0.0.0' resolves to 0.0.0.0, an unspecified address; webhooks are never sent there");
        assertProblem(send("PATCH", "/api/webhooks/ep_nope", "{}"), 404, "no webhook endpoint 'ep_nope'");
    }

    @Test
    void delete_removesTheEndpoint() throws Exception {
        String id = create("{\"url\": \"" + hookUrl + "\"}").get("id").asText();
        assertEquals(204, send("DELETE", "/api/webhooks/" + id, null).statusCode());
        assertProblem(send("GET", "/api/webhooks/" + id, null), 404, "no webhook endpoint '" + id + "'");
        assertProblem(send("DELETE", "/api/webhooks/" + id, null), 404, "no webhook endpoint '" + id + "'");
    }

    @Test
    void rotateSecret_returnsANewSecretAndWhenTheOldOneExpires() throws Exception {
        JsonNode created = create("{\"url\": \"" + hookUrl + "\"}");
        String id = created.get("id").asText();
        HttpResponse<String> response = send("POST", "/api/webhooks/" + id + "/rotate-secret", null);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode rotated = JSON.readTree(response.body());
        assertNotEquals(created.get("secret").asText(), rotated.get("secret").asText());
        Instant expires = Instant.parse(rotated.get("previousSecretExpiresAt").asText());
        assertTrue(expires.isAfter(Instant.now().plus(Duration.ofHours(23))));
    }

    @Test
    void deliveries_showEachAttemptAndRedeliverySendsTheSameIdAgain() throws Exception {
        String id = create("{\"url\": \"" + hookUrl + "\", \"eventTypes\": [\"document.deleted\"]}").get("id").asText();
        OutboxMessage message = webhooks.publish(new DocumentDeleted("doc1", "Notes", "Ada", Instant.now()));
        Await.until(() -> store.attempts(message.id(), id).size() == 1, "first delivery");

        JsonNode log = JSON.readTree(send("GET", "/api/webhooks/" + id + "/deliveries", null).body());
        JsonNode delivery = log.get("deliveries").get(0);
        assertEquals(message.id(), delivery.get("messageId").asText());
        assertEquals("document.deleted", delivery.get("eventType").asText());
        assertEquals("succeeded", delivery.get("state").asText());
        JsonNode attempt = delivery.get("attemptLog").get(0);
        assertEquals(204, attempt.get("statusCode").asInt());
        assertTrue(attempt.get("latencyMs").asLong() >= 0);
        assertTrue(attempt.get("error").isNull());

        HttpResponse<String> redeliver = send("POST", "/api/webhooks/messages/" + message.id() + "/redeliver", null);
        assertEquals(202, redeliver.statusCode(), redeliver.body());
        assertEquals("[\"" + id + "\"]", JSON.readTree(redeliver.body()).get("endpointIds").toString());
        Await.until(() -> store.attempts(message.id(), id).size() == 2, "redelivered");
        assertEquals(List.of(message.id(), message.id()), receivedIds);
        assertNull(store.attempts(message.id(), id).get(1).error());

        assertProblem(send("POST", "/api/webhooks/messages/msg_nope/redeliver", null), 404,
                "no webhook message 'msg_nope'");
        assertProblem(send("GET", "/api/webhooks/" + id + "/deliveries?limit=0", null), 400,
                "limit: an integer from 1 to 100");
        send("PATCH", "/api/webhooks/" + id, "{\"enabled\": false}");
        assertEquals(409, send("POST", "/api/webhooks/messages/" + message.id() + "/redeliver?endpointId=" + id,
                null).statusCode());
    }
}
