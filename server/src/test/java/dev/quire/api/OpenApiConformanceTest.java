package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.app.SecurityLimits;
import dev.quire.http.HttpHardening;
import dev.quire.testkit.TestServer;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks {@code /api/openapi.json} as served and calls every documented operation on the running
 * server: each must exist and answer with a status (and, for bodies, a media type) the description
 * documents for it — once on an existing document and once on an unknown one. Then every refusal of every route
 * must carry a {@code code}: each path is sent the usual mistakes (unknown ids, a body that is not JSON, one of
 * the wrong shape, a media type it does not read, an {@code Accept} it cannot answer, a method it does not have),
 * and every 4xx or 5xx answer must be problem+json with a non-empty {@code code}, so a client can always switch
 * on it.
 */
class OpenApiConformanceTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static TestServer server;
    private static Http http;
    private static JsonNode spec;

    @BeforeAll
    static void start() {
        // A rate limit far above the requests made here: a 429 would hide the answer looked for.
        server = TestServer.start(SecurityLimits.defaults().withHttp(HttpHardening.defaults().withApiRate(1e6, 1_000_000)));
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

    @Test
    void everyErrorOfEveryRoute_isProblemJsonWithACode() {
        String id = http.json("POST", "/api/documents", "{\"text\":\"hello\"}").json().get("id").asText();
        List<String> errors = new ArrayList<>();
        Set<Integer> statuses = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = paths.next();
            for (String target : List.of(concrete(entry.getKey(), id), concrete(entry.getKey(), "unknown-doc"),
                    concrete(entry.getKey(), "bad.id"))) {
                for (String method : METHODS) {
                    for (Http.Reply reply : mistakes(method.toUpperCase(java.util.Locale.ROOT), target)) {
                        if (reply.status() >= 400) {
                            statuses.add(reply.status());
                            checkProblem(method + " " + target, reply, errors);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), errors);
        // The sweep reached the kinds of refusal it is about (a change that stops it reaching them fails here).
        assertTrue(statuses.containsAll(Set.of(400, 404, 405, 406, 415)), "statuses seen: " + statuses);
    }

    private static List<Http.Reply> mistakes(String method, String path) {
        List<Http.Reply> replies = new ArrayList<>();
        if (method.equals("GET") || method.equals("DELETE")) {
            replies.add(http.send(method, path, null, null));
            replies.add(http.send(method, path, null, null, "Accept", "image/png"));
            replies.add(http.send(method, path + "?limit=0&from=x&to=-1&endpointId=ep_nope", null, null));
        } else {
            replies.add(http.send(method, path, "application/json", "{\"unknown\": 1}"));
            replies.add(http.send(method, path, "application/json", "{\"title\": "));
            replies.add(http.send(method, path, "application/json", "[]"));
            replies.add(http.send(method, path, "image/png", "x"));
            replies.add(http.send(method, path, null, null));
        }
        return replies;
    }

    private static void checkProblem(String what, Http.Reply reply, List<String> errors) {
        if (!"application/problem+json".equals(reply.contentType())) {
            errors.add(what + ": not problem+json: " + reply);
            return;
        }
        JsonNode problem = reply.json();
        if (!problem.path("code").isTextual() || problem.get("code").asText().isBlank()) {
            errors.add(what + ": no code: " + reply);
        }
        if (problem.path("status").asInt() != reply.status()) {
            errors.add(what + ": status member differs: " + reply);
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

    @Test
    void aProblemMadeWithAStatusAlone_getsTheCodeOfThatStatus() {
        assertEquals("not_found", Problem.of(404, "x").code());
        assertEquals("method_not_allowed", Problem.of(405, "x").code());
        assertEquals("unsupported_media_type", Problem.of(415, "x").code());
        assertEquals("internal_error", Problem.of(500, "x").code());
        assertFalse(Problem.of(418, "x").code().isBlank());
    }
}
