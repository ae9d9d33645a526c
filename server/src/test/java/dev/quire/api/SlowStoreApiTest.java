package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.auth.AccessGrants;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.Authenticator;
import dev.quire.auth.Revocations;
import dev.quire.collab.DocumentHubs;
import dev.quire.collab.HubMetrics;
import dev.quire.collab.HubSettings;
import dev.quire.http.HttpHardening;
import dev.quire.http.RestConfig;
import dev.quire.http.StaticFiles;
import dev.quire.ot.Delta;
import dev.quire.json.QuireJson;
import dev.quire.server.QuireServer;
import dev.quire.server.ServerTuning;
import dev.quire.store.DocumentSnapshot;
import dev.quire.auth.InMemoryAccessGrantStore;
import dev.quire.store.OutboxFactory;
import dev.quire.testkit.Await;
import dev.quire.testkit.GatedStore;
import dev.quire.testkit.GatedStore.Call;
import dev.quire.testkit.WsTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over real sockets, with a store whose creates or loads wait at a gate: a REST request waiting for the store holds
 * no request thread. More requests wait at once than the listener has threads (its selectors and workers grow with
 * the cores), and a health check is still read and answered; once the store goes on, every waiting request gets the
 * answer it would have had at once - status, ETag, Location, negotiated representation.
 */
class SlowStoreApiTest {
    /** Well above the listener's threads (a few per core), so a server that waited on them could read nothing more. */
    private static final int WAITING = 8 * Runtime.getRuntime().availableProcessors() + 8;

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The defaults, but a write waits for its commit for one second only. */
    private static final ApiSettings API = new ApiSettings(ApiSettings.defaults().maxBodyBytes(),
            ApiSettings.defaults().maxTitleLength(), ApiSettings.defaults().defaultPageSize(),
            ApiSettings.defaults().maxPageSize(), ApiSettings.defaults().maxOpsPerRequest(), Duration.ofSeconds(1),
            ApiSettings.defaults().maxOpsBytesPerRequest());

    private final GatedStore store = new GatedStore();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    /** One thread for each waiting request, so they all reach the gate and the test can see them there. */
    private final ExecutorService storeIo = Executors.newFixedThreadPool(WAITING);
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    private final StoreCalls calls = StoreCalls.defaults();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private QuireServer server;

    @BeforeEach
    void start() throws IOException {
        Clock clock = Clock.systemUTC();
        DocumentHubs hubs = new DocumentHubs(store, pool, storeIo, timers, clock, HubSettings.defaults(),
                OutboxFactory.NONE, HubMetrics.NONE);
        ResourceConfig rest = RestConfig.create()
                .register(new AuthFilter(new Authenticator(AuthSettings.defaults(), new AccessGrants(
                        new InMemoryAccessGrantStore(), clock, new Revocations()), clock)))
                .register(new HealthResource())
                .register(new DocumentsResource(hubs, store, QuireJson.newMapper(), API, calls));
        server = new QuireServer("127.0.0.1", 0, List.of(), rest,
                StaticFiles.fromClasspath(getClass().getClassLoader(), "quire-web"), ServerTuning.defaults(),
                HttpHardening.defaults().withApiRate(100_000, 100_000), null, null);
        server.start();
    }

    @AfterEach
    void stop() {
        store.open();
        server.close();
        calls.close();
        storeIo.shutdownNow();
        pool.shutdownNow();
        timers.shutdownNow();
    }

    @Test
    void createsWaitingForTheStore_holdNoRequestThread_andAreAnsweredAsBefore() throws Exception {
        store.holdEvery(Call.CREATE);
        List<CompletableFuture<HttpResponse<String>>> creates = IntStream.range(0, WAITING)
                .mapToObj(i -> send(post("/api/documents", "{\"title\":\"T" + i + "\",\"text\":\"x\"}")))
                .toList();

        Await.until(() -> store.waiting() == WAITING, WAIT, () -> "every create waits for the store at once, "
                + store.waiting() + " of " + WAITING + " do");
        assertHealthAnsweredWhileTheStoreWaits();
        assertTrue(creates.stream().noneMatch(CompletableFuture::isDone), "the creates are still waiting");

        store.open();
        for (CompletableFuture<HttpResponse<String>> create : creates) {
            HttpResponse<String> created = create.join();
            assertEquals(201, created.statusCode(), created.body());
            String id = WsTestClient.JSON.readTree(created.body()).get("id").asText();
            assertEquals("/api/documents/" + id, URI.create(created.headers().firstValue("Location").orElseThrow())
                    .getPath());
            assertEquals("\"0\"", created.headers().firstValue("ETag").orElseThrow());
        }
    }

    @Test
    void readsWaitingForTheStore_holdNoRequestThread_andAreAnsweredAsBefore() throws Exception {
        List<String> ids = IntStream.range(0, WAITING).mapToObj(i -> "doc" + i).toList();
        for (String id : ids) {
            store.inner().create(id, id, new DocumentSnapshot(0, Delta.ofText(id + "\n")), Clock.systemUTC().instant());
        }
        store.holdEvery(Call.LOAD);
        // The answers are negotiated after the load, on the thread that completes it: as JSON, as text, and 304.
        List<CompletableFuture<HttpResponse<String>>> reads = IntStream.range(0, WAITING).mapToObj(i -> send(
                switch (i % 3) {
                    case 0 -> get("/api/documents/" + ids.get(i)).header("Accept", "text/plain");
                    case 1 -> get("/api/documents/" + ids.get(i)).header("If-None-Match", "\"0\"");
                    default -> get("/api/documents/" + ids.get(i));
                })).toList();

        Await.until(() -> store.waiting() == WAITING, WAIT, () -> "every read waits for its load at once, "
                + store.waiting() + " of " + WAITING + " do");
        assertHealthAnsweredWhileTheStoreWaits();

        store.open();
        for (int i = 0; i < WAITING; i++) {
            String id = ids.get(i);
            HttpResponse<String> read = reads.get(i).join();
            switch (i % 3) {
                case 0 -> {
                    assertEquals(200, read.statusCode(), read.body());
                    assertEquals(id + "\n", read.body());
                }
                case 1 -> assertEquals(304, read.statusCode(), read.body());
                default -> {
                    assertEquals(200, read.statusCode(), read.body());
                    assertEquals(id, WsTestClient.JSON.readTree(read.body()).get("id").asText());
                }
            }
            assertEquals("\"0\"", read.headers().firstValue("ETag").orElseThrow(), id);
        }
        HttpResponse<String> missing = send(get("/api/documents/nothing")).join();
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void aWriteTheStoreHoldsPastTheWriteTimeout_gets503_andIsCommittedWhenTheStoreGoesOn() throws Exception {
        store.inner().create("slow", "Old", new DocumentSnapshot(0, Delta.ofText("x\n")), Clock.systemUTC().instant());
        store.hold(Call.RENAME, "slow");

        HttpResponse<String> renamed = send(patch("/api/documents/slow", "{\"title\":\"New\"}")).join();
        assertEquals(503, renamed.statusCode(), renamed.body());
        assertEquals("application/problem+json", renamed.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(renamed.body().contains("the write was not confirmed within 1 s; it may still be committed"),
                renamed.body());
        assertEquals(1, store.waiting(), "only the answer gave up: the rename still waits for the store");

        store.open();
        Await.until(() -> title("slow").equals("New"), "the rename is committed once the store goes on");
    }

    private String title(String id) {
        HttpResponse<String> read = send(get("/api/documents/" + id)).join();
        assertEquals(200, read.statusCode(), read.body());
        try {
            return WsTestClient.JSON.readTree(read.body()).get("title").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertHealthAnsweredWhileTheStoreWaits() {
        CompletableFuture<HttpResponse<String>> health = send(get("/health"));
        Await.until(health::isDone, "a health check is answered while the store holds every waiting request");
        assertEquals(200, health.join().statusCode());
        assertEquals(WAITING, store.waiting(), "the store still held them");
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(60)).GET();
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpRequest.Builder patch(String path, String json) {
        return HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json));
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
