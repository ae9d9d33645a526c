package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.quire.testkit.TestServer;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real answers of the running server, one of each kind, validated against the schemas {@code /api/openapi.json}
 * gives for their operation, status and media type (networknt json-schema-validator, OpenAPI 3.0 dialect): a field
 * renamed, retyped or added where the schema forbids it, or a schema that says something the server does not do,
 * fails here. {@code OpenApiRoutesTest} checks the routes, {@code OpenApiConformanceTest} the statuses.
 */
class OpenApiSchemaTest {
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());
    private static TestServer server;
    private static Http http;
    private static JsonNode spec;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = new Http(server.baseUri(), HttpClient.Version.HTTP_1_1);
        spec = http.get("/api/openapi.json").json();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSampleOfRealAnswers_matchesTheDescribedSchemas() {
        List<String> failures = new ArrayList<>();
        Http.Reply created = http.json("POST", "/api/documents", "{\"title\":\"Notes\",\"content\":{\"ops\":["
                + "{\"insert\":\"Hi\",\"attributes\":{\"bold\":true}},{\"insert\":\"\\n\"}]}}");
        check("POST", "/api/documents", created, failures);
        String id = created.json().get("id").asText();
        String doc = "/api/documents/" + id;

        check("GET", "/api/documents", http.get("/api/documents"), failures);
        check("GET", "/api/documents/{id}", http.get(doc), failures);
        check("PATCH", "/api/documents/{id}", http.json("PATCH", doc, "{\"title\":\"Minutes\"}"), failures);
        check("PATCH", "/api/documents/{id}", http.json("PATCH", doc,
                "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"Oh \"}]}}"), failures);
        check("PUT", "/api/documents/{id}/content", http.send("PUT", doc + "/content", "text/plain", "Oh hi"),
                failures);
        check("GET", "/api/documents/{id}/ops", http.get(doc + "/ops?from=0"), failures);
        check("GET", "/api/documents/{id}/versions/{version}", http.get(doc + "/versions/1"), failures);
        check("POST", "/api/documents/{id}/saves", http.json("POST", doc + "/saves", "{\"label\":\"v1\"}"), failures);
        check("GET", "/api/documents/{id}/saves", http.get(doc + "/saves"), failures);
        check("GET", "/api/documents/{id}/saves/{number}", http.get(doc + "/saves/1"), failures);
        check("POST", "/api/documents/{id}/saves/{number}/restore", http.send("POST", doc + "/saves/1/restore",
                null, null), failures);
        check("POST", "/api/documents/{id}/share-links", http.json("POST", doc + "/share-links",
                "{\"role\":\"view\",\"label\":\"readers\"}"), failures);
        check("GET", "/api/documents/{id}/share-links", http.get(doc + "/share-links"), failures);
        check("GET", "/api/me", http.get("/api/me"), failures);
        check("POST", "/api/tokens", http.json("POST", "/api/tokens",
                "{\"name\":\"ci\",\"scopes\":[\"documents:read\"]}"), failures);
        check("GET", "/api/tokens", http.get("/api/tokens"), failures);
        check("POST", "/api/webhooks", http.json("POST", "/api/webhooks",
                "{\"url\":\"https://93.184.216.34/hook\",\"eventTypes\":[\"document.saved\"],\"enabled\":false}"),
                failures);
        check("GET", "/api/webhooks", http.get("/api/webhooks"), failures);
        check("POST", "/api/admin/backups", http.send("POST", "/api/admin/backups", null, null), failures);
        check("GET", "/api/admin/backups", http.get("/api/admin/backups"), failures);
        // Refusals are described too.
        check("GET", "/api/documents/{id}", http.get("/api/documents/no-such-doc"), failures);
        check("POST", "/api/documents", http.json("POST", "/api/documents", "{\"title\":"), failures);
        check("PUT", "/api/documents/{id}/content", http.send("PUT", doc + "/content", "image/png", "x"), failures);
        check("GET", "/api/webhooks/{id}", http.get("/api/webhooks/ep_unknown"), failures);
        assertEquals(List.of(), failures);
    }

    @Test
    void theValidator_refusesAnAnswerThatBreaksTheSchema() {
        JsonNode document = http.json("POST", "/api/documents", "{\"text\":\"x\"}").json();
        ((ObjectNode) document).put("version", "three");
        assertFalse(errors(schema("POST", "/api/documents", 201, "application/json"), document).isEmpty(),
                "a string version must not pass");
    }

    private static void check(String method, String template, Http.Reply reply, List<String> failures) {
        String what = method + " " + template + " -> " + reply.status();
        JsonNode schema = schema(method, template, reply.status(), reply.contentType());
        if (schema == null) {
            failures.add(what + ": no schema for " + reply.contentType() + ": " + reply);
            return;
        }
        for (Error error : errors(schema, reply.json())) {
            failures.add(what + ": " + error.getMessage() + " in " + reply.body());
        }
    }

    /** The schema of the answer, with the description's components beside it so that its references resolve. */
    private static JsonNode schema(String method, String template, int status, String mediaType) {
        JsonNode operation = spec.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        assertFalse(operation.isMissingNode(), method + " " + template + " is not described");
        JsonNode response = resolve(operation.path("responses").path(Integer.toString(status)));
        JsonNode schema = response.path("content").path(mediaType).path("schema");
        if (schema.isMissingNode()) {
            return null;
        }
        ObjectNode root = ((ObjectNode) schema).deepCopy();
        root.set("components", spec.get("components"));
        return root;
    }

    private static List<Error> errors(JsonNode schemaNode, JsonNode instance) {
        Schema schema = SCHEMAS.getSchema(schemaNode);
        return schema.validate(instance);
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = spec.at(ref.asText().substring(1));
        assertTrue(!target.isMissingNode(), "dangling " + ref);
        return target;
    }
}
