package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.testkit.TestServer;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks {@code /api/openapi.json} as served and calls every documented operation on the running
 * server: each must exist and answer with a status (and, for bodies, a media type) the description
 * documents for it — once on an existing document and once on an unknown one.
 */
class OpenApiConformanceTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static TestServer server;
    private static Http http;
    private static JsonNode spec;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = new Http(server.baseUri(), HttpClient.Version.HTTP_1_1);
        Http.Reply reply = http.get("/api/openapi.json");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("application/json", reply.contentType());
        spec = reply.json();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Operation(String method, String path, JsonNode node) {
    }

    private static List<Operation> operations() {
        List<Operation> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> keys = path.getValue().fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (METHODS.contains(key)) {
                    all.add(new Operation(key.toUpperCase(), path.getKey(), path.getValue().get(key)));
                }
            }
        }
        return all;
    }

    @Test
    void describesTheDocumentsApi() {
        assertEquals("3.0.3", spec.get("openapi").asText());
        List<String> described = operations().stream().map(o -> o.method() + " " + o.path()).toList();
        for (String expected : List.of("GET /api/documents", "POST /api/documents", "GET /api/documents/{id}",
                "PATCH /api/documents/{id}", "DELETE /api/documents/{id}", "PUT /api/documents/{id}/content",
                "GET /api/documents/{id}/ops", "GET /api/documents/{id}/versions/{version}")) {
            assertTrue(described.contains(expected), expected + " is described: " + described);
        }
    }

    @Test
    void everyDocumentedOperation_existsAndAnswersADocumentedStatus() {
        for (Operation op : operations()) {
            String id = createDocument();
            check(op, concrete(op.path(), id));
            if (op.path().contains("{id}")) {
                check(op, concrete(op.path(), "unknown-doc"));
            }
        }
    }

    /** {@code template} with {@code {id}} and every other parameter filled in (ids that name nothing). */
    private static String concrete(String template, String id) {
        return template.replace("{id}", id).replace("{version}", "0").replace("{number}", "1")
                .replace("{linkId}", "link_unknown").replace("{messageId}", "msg_unknown");
    }

    private void check(Operation op, String path) {
        JsonNode body = op.node().path("requestBody").path("content");
        Http.Reply reply;
        if (body.isMissingNode()) {
            reply = http.send(op.method(), path, null, null);
        } else {
            String type = body.fieldNames().next();
            reply = http.send(op.method(), path, type, type.equals("application/json") ? "{}" : "text\n");
        }
        String what = op.method() + " " + path + " -> " + reply;
        JsonNode response = resolve(op.node().get("responses").path(Integer.toString(reply.status())));
        assertFalse(response.isMissingNode(), "undocumented status: " + what);
        JsonNode content = response.path("content");
        if (!content.isMissingNode() && !reply.body().isEmpty()) {
            assertTrue(content.has(reply.contentType()), "undocumented media type: " + what);
        }
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = spec;
        for (String part : ref.asText().substring(2).split("/")) {
            target = target.path(part);
        }
        assertFalse(target.isMissingNode(), "dangling " + ref);
        return target;
    }

    private static String createDocument() {
        Http.Reply reply = http.json("POST", "/api/documents", "{\"text\":\"hello\"}");
        assertEquals(201, reply.status(), reply::toString);
        return reply.json().get("id").asText();
    }
}
