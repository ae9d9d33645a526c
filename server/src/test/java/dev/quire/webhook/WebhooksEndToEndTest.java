package dev.quire.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Webhooks through the whole server: saves made over WebSocket and REST reach a real receiver on loopback, signed
 * (checked by the independent Node verifier), once per save, and retried with the same {@code webhook-id}.
 */
@Tag("heavy")
class WebhooksEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Receiver receiver;
    private TestServer server;
    private String endpointId;
    private String secret;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
        server = TestServer.allowingPrivateWebhooks(null);
        JsonNode endpoint = rest("POST", "/api/webhooks", "{\"url\":\"" + receiver.url("/hook")
                + "\",\"eventTypes\":[\"document.saved\"]}", 201);
        endpointId = endpoint.get("id").asText();
        secret = endpoint.get("secret").asText();
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.close();
    }

    @Test
    void explicitSaveOverWebSocket_deliversOneSignedDocumentSaved() throws Exception {
        String id = createDocument("hello\n");
        try (WsTestClient ada = server.client(id, "ada").connect().join()) {
            ada.send("{\"type\":\"save\",\"label\":\"v1\"}");
            Receiver.Received got = awaitDelivered(1).get(0);

            JsonNode data = verifiedPayload(got);
            assertEquals(id, data.get("documentId").asText());
            assertEquals(1, data.get("savedVersion").asLong());
            assertEquals(0, data.get("documentVersion").asLong());
            assertTrue(data.get("previousSavedVersion").isNull());
            assertEquals("explicit", data.get("trigger").asText());
            assertEquals("v1", data.get("label").asText());
            assertEquals(server.baseUri() + "api/documents/" + id + "/versions/0", data.get("contentUrl").asText(),
                    "payload URLs use the server's own address by default");
        }
    }

    @Test
    void autosaveAfterAnEdit_deliversOneDocumentSaved() throws Exception {
        String id = createDocument("hello\n");
        try (WsTestClient ada = server.client(id, "ada").connect().join()) {
            ada.edit(dev.quire.ot.Delta.builder().retain(5).insert("!").build());
            Await.until(() -> ada.isSettled(1), "the edit is committed");
            // The server's autosave runs 2 s after the last edit (HubSettings.defaults()).
            JsonNode data = verifiedPayload(awaitDelivered(1).get(0));
            assertEquals("auto", data.get("trigger").asText());
            assertEquals(1, data.get("documentVersion").asLong());
        }
    }

    @Test
    void apiSave_restWrite_deliversOneSignedDocumentSaved() throws Exception {
        String id = createDocument("first\n");
        send("PUT", "/api/documents/" + id + "/content", "text/plain", "second\n", 200);

        JsonNode data = verifiedPayload(awaitDelivered(1).get(0));
        assertEquals(id, data.get("documentId").asText());
        assertEquals("api", data.get("trigger").asText());
        assertEquals(1, data.get("savedVersion").asLong());
        assertEquals(1, data.get("documentVersion").asLong());
        assertEquals(0, data.get("previousDocumentVersion").asLong());
        assertEquals(server.baseUri() + "api/documents/" + id + "/ops?from=0&to=1", data.get("changesUrl").asText());
    }

    @Test
    void receiverFailingTwice_getsTheSameWebhookIdThreeTimes() throws Exception {
        receiver.then(Receiver.Reply.status(500), Receiver.Reply.status(503));
        String id = createDocument("x\n");
        send("POST", "/api/documents/" + id + "/saves", "application/json", "{}", 201);

        List<Receiver.Received> got = awaitDelivered(3);
        String messageId = got.get(0).header("webhook-id");
        assertTrue(messageId.startsWith("msg_"), messageId);
        assertEquals(List.of(messageId, messageId, messageId), got.stream().map(r -> r.header("webhook-id")).toList());
        JsonNode delivery = deliveries().get(0);
        assertEquals(messageId, delivery.get("messageId").asText());
        assertEquals(3, delivery.get("attemptLog").size());
        verifiedPayload(got.get(2));
    }

    @Test
    void restCreateAndDelete_deliverSignedDocumentCreatedAndDeleted() throws Exception {
        JsonNode lifecycle = rest("POST", "/api/webhooks", "{\"url\":\"" + receiver.url("/lifecycle")
                + "\",\"eventTypes\":[\"document.created\",\"document.deleted\"]}", 201);
        String id = createDocument("hello\n");
        send("DELETE", "/api/documents/" + id, "application/json", null, 204);

        Await.until(() -> receiver.received("/lifecycle").size() >= 2, DEADLINE,
                () -> "created and deleted: " + receiver.received());
        List<Receiver.Received> got = receiver.received("/lifecycle");
        assertEquals(2, got.size());
        List<JsonNode> answers = NodeVerifier.verify(got.stream()
                .map(r -> NodeVerifier.Case.of(lifecycle.get("secret").asText(), r)).toList());
        // Ordering is not promised (docs/webhooks.md): sort by type.
        List<JsonNode> payloads = answers.stream().peek(a -> assertTrue(a.get("ok").asBoolean(), a::toString))
                .map(a -> a.get("payload")).sorted(java.util.Comparator.comparing(p -> p.get("type").asText()))
                .toList();
        assertEquals("document.created", payloads.get(0).get("type").asText());
        assertEquals(id, payloads.get(0).get("data").get("documentId").asText());
        assertEquals("REST API", payloads.get(0).get("data").get("createdBy").asText());
        assertEquals("document.deleted", payloads.get(1).get("type").asText());
        assertEquals(id, payloads.get(1).get("data").get("documentId").asText());
        assertTrue(receiver.received("/hook").isEmpty(), "the saved-only endpoint got neither");
    }

    /**
     * Waits until the receiver got {@code attempts} requests and the server recorded the delivery as succeeded,
     * then checks that the outbox holds exactly one delivery (one message) for the endpoint.
     */
    private List<Receiver.Received> awaitDelivered(int attempts) throws Exception {
        Await.until(() -> receiver.received("/hook").size() >= attempts && succeeded(), DEADLINE,
                () -> "delivered: " + receiver.received("/hook"));
        assertEquals(1, deliveries().size(), "exactly one message for the save");
        List<Receiver.Received> got = receiver.received("/hook");
        assertEquals(attempts, got.size(), "no attempt after the success");
        return got;
    }

    private boolean succeeded() {
        try {
            JsonNode list = deliveries();
            return list.size() > 0 && list.get(0).get("state").asText().equals("succeeded");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode deliveries() throws Exception {
        return rest("GET", "/api/webhooks/" + endpointId + "/deliveries", null, 200).get("deliveries");
    }

    /** The payload's data, after the Node verifier accepted the signature (it returns the parsed body). */
    private JsonNode verifiedPayload(Receiver.Received got) throws Exception {
        JsonNode answer = NodeVerifier.verify(NodeVerifier.Case.of(secret, got));
        assertTrue(answer.get("ok").asBoolean(), answer::toString);
        assertEquals("document.saved", answer.get("payload").get("type").asText());
        assertEquals("application/json", got.header("content-type"));
        return answer.get("payload").get("data");
    }

    private String createDocument(String text) throws Exception {
        return rest("POST", "/api/documents", "{\"text\":" + JSON.writeValueAsString(text) + "}", 201)
                .get("id").asText();
    }

    private JsonNode rest(String method, String path, String json, int expected) throws Exception {
        return JSON.readTree(send(method, path, "application/json", json, expected));
    }

    private String send(String method, String path, String type, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path.substring(1)))
                .timeout(DEADLINE);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), () -> method + " " + path + ": " + response.body());
        return response.body();
    }
}
