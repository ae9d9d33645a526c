package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.quire.store.postgres.FreshSchema;
import dev.quire.testkit.Await;
import dev.quire.testkit.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16's two browser cases across nodes, in Chromium against two real nodes (JVMs of their own on one
 * PostgreSQL schema and Redis): a person whose connection moves from node A to a node B that has not yet heard of
 * A's latest commits. B is made to lag by {@link HoldingProxy}s between it and PostgreSQL/Redis that hold back
 * only its subscriptions (LISTEN, SUBSCRIBE): its queries and commits pass, it just hears late. A load balancer
 * (a {@link SilentProxy} the test points at A or B) is the page's origin, as nginx would be.
 */
@ExtendWith(SharedChromium.class)
@Tag("heavy")
class ClusterBrowserTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static Chromium chromium;
    private static FreshSchema schema;
    private static HoldingProxy postgresOfB;
    private static HoldingProxy redisOfB;
    private static SilentProxy balancer;
    private static ServerProcess nodeA;
    private static ServerProcess nodeB;
    private final List<BrowserContext> contexts = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes(Chromium shared) throws Exception {
        chromium = shared;
        schema = FreshSchema.create();
        URI postgres = URI.create(FreshSchema.URL.replaceFirst("^jdbc:", ""));
        URI redis = URI.create(redisUrl());
        postgresOfB = new HoldingProxy(postgres.getPort(), "LISTEN ");
        redisOfB = new HoldingProxy(redis.getPort(), "SUBSCRIBE");
        balancer = new SilentProxy();
        Path dir = Files.createTempDirectory("quire-cluster-browser");
        String origin = "http://127.0.0.1:" + balancer.port();
        nodeA = node(dir.resolve("a"), "a", databaseUrl(postgres.getPort()), redisUrl(), origin);
        // B checks the heads only rarely, so that what it hears late is heard when the test releases it.
        nodeB = node(dir.resolve("b"), "b", databaseUrl(postgresOfB.port()),
                "redis://127.0.0.1:" + redisOfB.port(), origin, "--head-check-period", "10m");
        Await.until(() -> postgresOfB.subscriptions() >= 1 && redisOfB.subscriptions() >= 1, Duration.ofSeconds(30),
                () -> "node B subscribed to PostgreSQL and Redis through its proxies");
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (ServerProcess node : new ServerProcess[] {nodeA, nodeB}) {
            if (node != null) {
                node.kill();
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {balancer, postgresOfB, redisOfB, schema}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @AfterEach
    void closeBrowsers() throws Exception {
        contexts.forEach(BrowserContext::close);
        postgresOfB.release();
        redisOfB.release();
    }

    @Test
    @DisplayName("acknowledged on A, moved to B before B heard of it: the page shows B's content, then its own op"
            + " arrives from B once B hears of it (as an op: it was not sent on this connection)")
    void acknowledgedOnA_movedToALaggingB_getsItsOwnOpOnce() throws Exception {
        String doc = "moved";
        EditorPage[] adaAndGrace = adaMovedToALaggingB(doc);
        EditorPage ada = adaAndGrace[0];
        catchUpB();
        awaitText(ada, "ab\n");
        ada.caretAt(2);
        ada.type("c");
        ada.awaitSettled();

        assertEverywhere(doc, "abc\n", adaAndGrace);
    }

    @Test
    @DisplayName("acknowledged on A, moved to B before B heard of it, typing on B at once: B reads what it missed as it"
            + " commits, and every edit is there once")
    void acknowledgedOnA_movedToALaggingB_typesThere() throws Exception {
        String doc = "typed";
        EditorPage[] adaAndGrace = adaMovedToALaggingB(doc);
        EditorPage ada = adaAndGrace[0];
        ada.caretAt(ada.text().length() - 1);
        ada.type("c"); // committed by B, which reads the op it missed from PostgreSQL and transforms past it
        ada.awaitSettled();

        catchUpB();
        assertEverywhere(doc, "abc\n", adaAndGrace);
    }

    /**
     * Ada on A and Grace on B open {@code doc}; Ada types "a" (Grace sees it), B starts to lag, Ada's "b" is
     * acknowledged by A alone, and Ada's connection moves to B, which welcomes her at version 1.
     *
     * @return Ada's page and Grace's
     */
    private EditorPage[] adaMovedToALaggingB(String doc) {
        EditorPage ada = viaBalancerOnA("Ada", doc);
        EditorPage grace = directlyOnB("Grace", doc);
        typeOnAThenLagB(ada, grace);
        moveToB(ada);
        assertEquals(1, ada.version(), "Ada is welcomed by B, which is still at version 1");
        return new EditorPage[] {ada, grace};
    }

    /** Every page, and both nodes, show {@code expected}. */
    private static void assertEverywhere(String doc, String expected, EditorPage... pages) throws Exception {
        for (EditorPage page : pages) {
            awaitText(page, expected);
        }
        assertEquals(expected, textOn(nodeA, doc));
        assertEquals(expected, textOn(nodeB, doc));
    }

    /** Ada types "a" on A (Grace sees it on B), then B lags and Ada's "b" is acknowledged by A alone. */
    private static void typeOnAThenLagB(EditorPage ada, EditorPage grace) {
        ada.caretAt(0);
        ada.type("a");
        ada.awaitSettled();
        awaitText(grace, "a\n");

        lagB();
        ada.type("b");
        ada.awaitSettled();
        assertEquals("a\n", grace.text(), "B has not heard of Ada's 'b' (else the test proves nothing)");
    }

    @Test
    @DisplayName("offline with an unacknowledged edit, back on a B that lags behind an edit acknowledged on A: the"
            + " pending edit is merged into B's content, the acknowledged one is not sent again")
    void pendingEdit_welcomedByALaggingB_isMergedNotDuplicated() throws Exception {
        String doc = "merged";
        EditorPage ada = viaBalancerOnA("Ada", doc);
        EditorPage grace = directlyOnB("Grace", doc);
        ada.caretAt(0);
        ada.type("one ");
        ada.awaitSettled();
        awaitText(grace, "one \n");

        lagB();
        ada.type("two "); // acknowledged by A; B does not hear of it
        ada.awaitSettled();
        ada.context.setOffline(true);
        ada.awaitStatus("Offline — reconnecting…");
        ada.type("three"); // not acknowledged by anyone
        ada.awaitStatus("Offline — changes kept");

        List<String> welcomes = welcomesOf(ada);
        balancer.forwardTo(nodeB.base.getPort());
        ada.context.setOffline(false);
        ada.awaitSettled(); // "three" merged into the content B welcomed Ada with, and committed by B
        JsonNode welcome = EditorPage.parse(welcomes.get(welcomes.size() - 1));
        assertEquals("[{\"insert\":\"one \\n\"}]", welcome.path("content").path("ops").toString(),
                "B welcomed Ada with its content, which lacks the 'two ' she had acknowledged (else the test proves"
                        + " nothing): " + welcome);

        catchUpB();
        assertEverywhere(doc, "one two three\n", ada, grace); // each edit once, in the order typed
    }

    /** The welcome frames {@code page} receives from now on, as text. */
    private static List<String> welcomesOf(EditorPage page) {
        List<String> welcomes = new CopyOnWriteArrayList<>();
        page.page.onWebSocket(socket -> socket.onFrameReceived(frame -> {
            String text = frame.text();
            if (text != null && EditorPage.parse(text).path("type").asText().equals("welcome")) {
                welcomes.add(text);
            }
        }));
        return welcomes;
    }

    private EditorPage viaBalancerOnA(String name, String doc) {
        balancer.forwardTo(nodeA.base.getPort());
        return EditorPage.open(user(URI.create("http://127.0.0.1:" + balancer.port() + "/"), name), doc);
    }

    private EditorPage directlyOnB(String name, String doc) {
        return EditorPage.open(user(nodeB.base, name), doc);
    }

    private BrowserContext user(URI base, String name) {
        BrowserContext context = chromium.newUser(base, name);
        contexts.add(context);
        return context;
    }

    /** Ada's connection drops and the balancer sends her reconnect to B. */
    private static void moveToB(EditorPage ada) {
        ada.context.setOffline(true);
        ada.awaitStatus("Offline — reconnecting…");
        balancer.forwardTo(nodeB.base.getPort());
        ada.context.setOffline(false);
        ada.awaitSettled();
    }

    private static void lagB() {
        postgresOfB.hold();
        redisOfB.hold();
    }

    private static void catchUpB() throws Exception {
        postgresOfB.release();
        redisOfB.release();
    }

    private static void awaitText(EditorPage page, String text) {
        page.page.waitForFunction("t => window.__quire.quill.getText() === t", text,
                new Page.WaitForFunctionOptions().setTimeout(30_000));
    }

    private static String textOn(ServerProcess node, String doc) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(node.base.resolve("/api/documents/" + doc))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static ServerProcess node(Path dir, String id, String database, String redis, String origin,
                                      String... more) throws Exception {
        Files.createDirectories(dir);
        List<String> flags = new ArrayList<>(List.of("--database", database, "--redis", redis, "--node-id", "quire-" + id,
                "--ws-allowed-origins", origin, "--api-requests-per-second=1000000", "--api-request-burst=1000000"));
        flags.addAll(List.of(more));
        return new ServerProcess(dir, 0, JVM, flags.toArray(String[]::new));
    }

    private static String databaseUrl(int port) {
        String url = FreshSchema.URL.replaceFirst("^jdbc:", "").replaceFirst("//([^/:]+):\\d+/", "//127.0.0.1:" + port + "/");
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema.name();
    }

    private static String redisUrl() {
        String url = System.getenv("QUIRE_TEST_REDIS_URL");
        return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
    }
}
