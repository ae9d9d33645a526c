package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.app.QuireApplication;
import dev.quire.app.ServerConfig;
import jakarta.ws.rs.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI description names exactly the routes the application serves: the resource classes {@code
 * QuireApplication} registers are introspected as Jersey does (their paths, sub-resource paths and HTTP methods) and
 * compared, both ways, with the paths and methods of {@code openapi.json}. A route added without its description, or
 * a description left behind by a removed route, fails here. ({@code OpenApiConformanceTest} then calls each one.)
 */
class OpenApiRoutesTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    /** A template parameter with an optional regular expression, {@code {id}} or {@code {id: [a-z]+}}. */
    private static final Pattern PARAMETER = Pattern.compile("\\{\\s*(\\w+)\\s*(?::[^}]*)?}");

    private static Set<String> served;

    @BeforeAll
    static void introspect(@TempDir java.nio.file.Path data) throws Exception {
        served = served(data);
    }

    @Test
    void describedOperations_areExactlyTheServedOnes() throws Exception {
        Set<String> described = described();

        Set<String> undescribed = new TreeSet<>(served);
        undescribed.removeAll(described);
        Set<String> unserved = new TreeSet<>(described);
        unserved.removeAll(served);
        assertEquals(Set.of(), undescribed, "served but missing from openapi.json");
        assertEquals(Set.of(), unserved, "in openapi.json but not served");
    }

    @Test
    void introspection_findsTheRoutesOfEveryKindOfResource() {
        for (String route : Set.of("GET /health/ready", "POST /api/webhooks/messages/{messageId}/redeliver",
                "DELETE /api/documents/{id}/share-links/{linkId}", "GET /api/me", "DELETE /api/tokens/{id}",
                "POST /api/admin/backups", "GET /api/documents/{id}/saves/{number}")) {
            assertTrue(served.contains(route), route + " in " + served);
        }
    }

    /** "METHOD /path" of every resource method of every registered root resource. */
    private static Set<String> served(java.nio.file.Path data) throws Exception {
        Set<String> routes = new TreeSet<>();
        try (QuireApplication app = QuireApplication.builder(new ServerConfig("127.0.0.1", 0, data)).build()) {
            for (Class<?> registered : app.restClasses()) {
                if (registered.isAnnotationPresent(Path.class)) {
                    collect(Resource.from(registered), "", routes);
                }
            }
        }
        assertFalse(routes.isEmpty(), "no resource found");
        return routes;
    }

    private static void collect(Resource resource, String parent, Set<String> routes) {
        // A locator's sub-resources are only known at run time: it would hide routes from this comparison.
        assertNull(resource.getResourceLocator(), "a sub-resource locator in " + resource.getHandlerClasses());
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(method.getHttpMethod() + " " + path);
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, routes);
        }
    }

    private static String join(String parent, String path) {
        String segment = PARAMETER.matcher(path == null ? "" : path).replaceAll("{$1}").replaceAll("^/+|/+$", "");
        return segment.isEmpty() ? parent : parent + "/" + segment;
    }

    /** "METHOD /path" of every operation in the description the server serves. */
    private static Set<String> described() throws Exception {
        JsonNode spec = new ObjectMapper().readTree(new OpenApiResource().get());
        Set<String> operations = new TreeSet<>();
        for (Iterator<String> paths = spec.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> keys = spec.get("paths").get(path).fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (METHODS.contains(key)) {
                    operations.add(key.toUpperCase(java.util.Locale.ROOT) + " " + path);
                }
            }
        }
        return operations;
    }
}
