package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.quire.http.HttpHardening;
import dev.quire.app.SecurityLimits;
import dev.quire.auth.AuthSettings;
import dev.quire.testkit.PathVariants;
import dev.quire.testkit.RawRequests;
import dev.quire.testkit.TestServer;
import jakarta.ws.rs.Path;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Authorisation is decided on exactly the resource that serves the request: every REST route, spelt every
 * non-canonical way ({@link PathVariants}), is refused before any resource runs - with the credential of a viewer of
 * the document the path names, so that {@code share-links;x} cannot pass as a read of the document - and no byte of
 * any document or secret is in the answer. The routes are read from the JAX-RS
 * resources themselves, so a new route is covered without touching this test.
 */
class RestPathVariantsTest {
    private static final String ADMIN = "rest-path-variants-admin-secret-0123456789";
    private static final String TITLE_A = "alpha-title-7f3e";
    private static final String CONTENT_A = "alpha-content-91cd";
    private static final String TITLE_B = "bravo-title-2b8a";
    private static final String CONTENT_B = "bravo-content-64fe";
    /** What no refused request may reveal: either document's title or text, or any credential's secret. */
    private static final List<String> SECRETS = List.of(TITLE_A, CONTENT_A, TITLE_B, CONTENT_B, "qs_", "qt_");
    private static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 404, 405);

    private static TestServer server;
    private static Http http;
    private static String a;
    private static String b;
    private static String viewerOfA;
    private static String tokenForA;

    @BeforeAll
    static void start() {
        // Hundreds of requests with one credential: the rate limit is not what this test is about.
        server = TestServer.withAuth(AuthSettings.defaults().withAdminToken(ADMIN),
                SecurityLimits.defaults().withHttp(HttpHardening.defaults().withApiRate(1_000_000, 1_000_000)));
        http = new Http(server.baseUri(), HttpClient.Version.HTTP_1_1);
        a = create(TITLE_A, CONTENT_A);
        b = create(TITLE_B, CONTENT_B);
        viewerOfA = created("/api/documents/" + a + "/share-links", "{\"role\":\"view\"}").get("secret").asText();
        tokenForA = created("/api/tokens", "{\"scopes\":[\"documents:read\",\"documents:write\"],\"documentIds\":[\""
                + a + "\"]}").get("token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static com.fasterxml.jackson.databind.JsonNode created(String path, String body) {
        Http.Reply reply = http.json("POST", path, body, "Authorization", "Bearer " + ADMIN);
        assertEquals(201, reply.status(), reply.toString());
        return reply.json();
    }

    private static String create(String title, String text) {
        return created("/api/documents", "{\"title\":\"" + title + "\",\"text\":\"" + text + "\"}").get("id").asText();
    }

    /** A route: an HTTP method and a path template as the resource declares it. */
    record Route(String method, String template) {
        String path(String documentId) {
            return template.replace("{id}", documentId).replace("{version}", "0").replace("{number}", "1")
                    .replace("{linkId}", "link_x").replace("{messageId}", "msg_x");
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** Every method of every JAX-RS resource of the API, from Jersey's own model of the annotations. */
    static Stream<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.quire.api")) {
            if (type.isAnnotatedWith(Path.class)) {
                Resource resource = Resource.from(type.reflect());
                add(routes, resource, "");
            }
        }
        assertTrue(routes.size() > 30, "found the API's routes: " + routes);
        return routes.stream();
    }

    private static void add(List<Route> routes, Resource resource, String parent) {
        String path = parent + "/" + resource.getPath().replaceAll("^/+|/+$", "");
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(new Route(method.getHttpMethod(), path));
        }
        for (Resource child : resource.getChildResources()) {
            add(routes, child, path);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void everyNonCanonicalSpelling_isRefused_andRevealsNoDocument(Route route) {
        List<String> failures = new ArrayList<>();
        // A body a resource would accept (an edit link, a title), so only the refusal stands in the way.
        String body = Set.of("POST", "PUT", "PATCH").contains(route.method())
                ? "{\"role\":\"edit\",\"title\":\"x\",\"text\":\"x\"}" : null;
        for (Map.Entry<String, String> variant : PathVariants.of(route.path(a)).entrySet()) {
            RawRequests.Reply reply = RawRequests.request(server.baseUri(), route.method(), variant.getValue(), viewerOfA,
                    body);
            boolean leaks = SECRETS.stream().anyMatch(reply::contains);
            if (!REFUSALS.contains(reply.status()) || leaks) {
                failures.add(variant.getKey() + " (" + variant.getValue() + "): " + reply
                        + (leaks ? " - and it carries a document or a secret" : ""));
            }
        }
        assertTrue(failures.isEmpty(), route + " was served on a non-canonical path:\n" + String.join("\n", failures));
    }

    @Test
    void nonCanonicalPath_gets404ProblemNamingTheRule() {
        RawRequests.Reply reply = RawRequests.request(server.baseUri(), "GET", "/api/documents/" + a + "/share-links;x",
                viewerOfA, null);
        assertEquals(404, reply.status(), reply.toString());
        assertTrue(reply.head().contains("application/problem+json"), reply.head());
        assertTrue(reply.rest().contains("\"code\":\"non_canonical_path\""), reply.rest());
        assertTrue(reply.rest().contains("canonical form"), reply.rest());
    }

    @Test
    void canonicalPaths_stillWork_andAreStillChecked() {
        String[] viewer = {"Authorization", "Bearer " + viewerOfA};
        assertTrue(http.get("/api/documents/" + a, viewer).body().contains(CONTENT_A), "a viewer reads its document");
        assertEquals(403, http.get("/api/documents/" + a + "/share-links", viewer).status(),
                "listing share links needs edit access");
        assertEquals(403, http.get("/api/documents/" + b, "Authorization", "Bearer " + tokenForA).status());
        assertEquals(200, http.get("/api/documents?limit=10", viewer).status(), "a query is not part of the path");
        assertEquals(200, http.get("/health/live").status());
        Http.Reply stillThere = http.get("/api/documents/" + b, "Authorization", "Bearer " + ADMIN);
        assertTrue(stillThere.body().contains(CONTENT_B), "no variant changed or deleted a document: " + stillThere);
        assertFalse(http.get("/api/documents/" + a + "/share-links", "Authorization", "Bearer " + ADMIN).body()
                .contains("\"edit\""), "no variant made an edit link");
    }
}
