package dev.quire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.api.AuthFilter;
import dev.quire.api.BackupsResource;
import dev.quire.api.DocumentsResource;
import dev.quire.api.ApiSettings;
import dev.quire.api.HealthResource;
import dev.quire.api.MeResource;
import dev.quire.api.ShareLinksResource;
import dev.quire.api.StoreCalls;
import dev.quire.api.TokensResource;
import dev.quire.api.WebhooksResource;
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
import dev.quire.protocol.ProtocolCodec;
import dev.quire.json.QuireJson;
import dev.quire.auth.AccessGrantStore;
import dev.quire.store.Backups;
import dev.quire.store.DocumentStore;
import dev.quire.store.OutboxFactory;
import dev.quire.store.StorageMetrics;
import dev.quire.webhook.WebhookStore;
import dev.quire.store.sqlite.SqliteBackups;
import dev.quire.store.sqlite.SqliteDocumentStore;
import dev.quire.store.sqlite.SqliteSettings;
import dev.quire.testkit.Await;
import dev.quire.testkit.ListenerThreadGuard;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import dev.quire.webhook.WebhookSettings;
import dev.quire.webhook.Webhooks;
import dev.quire.ws.ConnectionMetrics;
import dev.quire.ws.DocumentSocket;
import dev.quire.ws.HandshakeAuth;
import dev.quire.ws.SendLanes;
import dev.quire.ws.WsLimits;
import dev.quire.ws.WsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No thread that reads sockets waits for the disk, whatever the request: the server is assembled as the application
 * assembles it, on SQLite, but every store it is given is wrapped by a {@link ListenerThreadGuard}, and every REST
 * route and the WebSocket handshake and messages are used once with the credentials that reach the store (API token,
 * share link). Any call that may wait for the disk made on a listener thread is a failure, named with its caller.
 */
class ListenerThreadStorageTest {
    private static final String ADMIN = "admin-secret-of-this-test-0123456789abcdef";
    private final ListenerThreadGuard guard = new ListenerThreadGuard();
    private final Path data = TestServer.tempDir();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ExecutorService storeIo = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    private final SendLanes lanes = new SendLanes(1, Executors.defaultThreadFactory());
    private final StoreCalls calls = StoreCalls.defaults();
    private final ClientManager clients = ClientManager.createClient();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private SqliteDocumentStore sqlite;
    private QuireServer server;

    @BeforeEach
    void start() throws IOException {
        Clock clock = Clock.systemUTC();
        Path file = data.resolve(SqliteDocumentStore.FILE_NAME);
        sqlite = SqliteDocumentStore.open(file, SqliteSettings.defaults(), StorageMetrics.NONE);
        DocumentStore store = guard.wrap(DocumentStore.class, sqlite);
        AccessGrantStore grantStore = guard.wrap(AccessGrantStore.class, sqlite.accessGrants());
        WebhookStore webhookStore = guard.wrap(WebhookStore.class, sqlite.webhooks());
        Backups backups = guard.wrap(Backups.class, new SqliteBackups(file, data.resolve("backups"), clock));

        DocumentHubs hubs = new DocumentHubs(store, pool, storeIo, timers, clock, HubSettings.defaults(),
                OutboxFactory.NONE, HubMetrics.NONE);
        Revocations revocations = new Revocations();
        AccessGrants grants = new AccessGrants(grantStore, clock, revocations);
        Authenticator authenticator = new Authenticator(AuthSettings.defaults().withAdminToken(ADMIN), grants, clock);
        Webhooks webhooks = new Webhooks(webhookStore, WebhookSettings.defaults().toBuilder()
                .allowPrivateTargets(true).build(), clock);
        ResourceConfig rest = RestConfig.create()
                .register(new AuthFilter(authenticator))
                .register(new MeResource())
                .register(new HealthResource())
                .register(new TokensResource(grants, calls))
                .register(new ShareLinksResource(grants, calls))
                .register(new DocumentsResource(hubs, store, QuireJson.newMapper(), ApiSettings.defaults(), calls))
                .register(new WebhooksResource(webhooks.registry(), calls))
                .register(new BackupsResource(backups, calls));
        server = new QuireServer("127.0.0.1", 0, List.of(DocumentSocket.endpointConfig(hubs,
                new ProtocolCodec(QuireJson.newMapper()), WsSettings.defaults(), WsLimits.defaults(), timers, lanes,
                ConnectionMetrics.NONE, new HandshakeAuth(authenticator, revocations, clock))), rest,
                StaticFiles.fromClasspath(getClass().getClassLoader(), "quire-web"), ServerTuning.defaults(),
                HttpHardening.defaults().withApiRate(100_000, 100_000), null, null);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        clients.shutdown();
        lanes.close();
        calls.close();
        pool.shutdownNow();
        storeIo.shutdownNow();
        timers.shutdownNow();
        sqlite.close();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void everyRestRouteAndTheWebSocket_waitForTheDiskOnlyOffTheListenerThreads() {
        String token = json(call("POST", "/api/tokens", ADMIN, "{\"name\":\"t\",\"scopes\":[\"documents:read\","
                + "\"documents:write\",\"webhooks:manage\"]}", 201)).get("token").asText();
        String tokenId = json(call("GET", "/api/tokens", ADMIN, null, 200)).get("tokens").get(0).get("id").asText();
        call("GET", "/api/me", token, null, 200);

        String id = json(call("POST", "/api/documents", token, "{\"title\":\"T\",\"text\":\"hello\"}", 201))
                .get("id").asText();
        String doc = "/api/documents/" + id;
        call("GET", "/api/documents", token, null, 200);
        call("GET", doc, token, null, 200);
        call("PATCH", doc, token, "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"a\"}]}}", 200);
        call("PATCH", doc, token, "{\"title\":\"Renamed\"}", 200);
        call("PUT", doc + "/content", token, "{\"ops\":[{\"insert\":\"replaced\\n\"}]}", 200);
        call("GET", doc + "/ops?from=0", token, null, 200);
        call("GET", doc + "/versions/1", token, null, 200);
        call("POST", doc + "/saves", token, "{\"label\":\"first\"}", 201);
        call("GET", doc + "/saves", token, null, 200);
        call("GET", doc + "/saves/1", token, null, 200);
        call("POST", doc + "/saves/1/restore", token, null, 200);

        String link = json(call("POST", doc + "/share-links", token, "{\"role\":\"edit\"}", 201)).get("secret")
                .asText();
        String linkId = json(call("GET", doc + "/share-links", token, null, 200)).get("links").get(0).get("id")
                .asText();
        try (WsTestClient withLink = new WsTestClient(clients, server.baseUri(), id, "link", link).connect().join();
             WsTestClient withToken = new WsTestClient(clients, server.baseUri(), id, "token", token).connect()
                     .join()) {
            withLink.edit(content -> Delta.builder().insert("x").build());
            withToken.edit(content -> Delta.builder().insert("y").build());
            Await.until(() -> !withLink.hasPending() && !withToken.hasPending()
                    && withLink.content().equals(withToken.content()), "both edits are acknowledged and shared");
            withLink.nextOfType("saved", () -> withLink.send("{\"type\":\"save\",\"label\":\"from the socket\"}"));
            withToken.send("{\"type\":\"presence\",\"range\":{\"index\":0,\"length\":1}}");
            call("DELETE", doc + "/share-links/" + linkId, token, null, 204);
            withLink.awaitClose();
        }

        String hook = json(call("POST", "/api/webhooks", token, "{\"url\":\"http://127.0.0.1:9/hook\"}", 201))
                .get("id").asText();
        call("GET", "/api/webhooks", token, null, 200);
        call("GET", "/api/webhooks/" + hook, token, null, 200);
        call("PATCH", "/api/webhooks/" + hook, token, "{\"description\":\"d\"}", 200);
        call("POST", "/api/webhooks/" + hook + "/rotate-secret", token, null, 200);
        call("GET", "/api/webhooks/" + hook + "/deliveries", token, null, 200);
        call("POST", "/api/webhooks/messages/msg_unknown/redeliver", token, null, 404);
        call("DELETE", "/api/webhooks/" + hook, token, null, 204);

        call("POST", "/api/admin/backups", ADMIN, null, 201);
        call("GET", "/api/admin/backups", ADMIN, null, 200);
        call("DELETE", doc, token, null, 204);
        call("DELETE", "/api/tokens/" + tokenId, ADMIN, null, 204);
        call("GET", "/api/me", token, null, 401);

        assertEquals(List.of(), guard.violations(),
                "store calls that may wait for the disk, made on a thread that reads sockets ("
                + QuireServer.LISTENER_THREADS + "...)");
    }

    /** Sends a request as {@code credential} and checks its status; the body of the answer. */
    private String call(String method, String path, String credential, String body, int status) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + credential)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return WsTestClient.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
