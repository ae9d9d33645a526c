package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.auth.AccessGrants;
import dev.quire.server.QuireServer;
import dev.quire.http.RestConfig;
import dev.quire.server.ServerTuning;
import dev.quire.http.StaticFiles;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.Authenticator;
import dev.quire.auth.Revocations;
import dev.quire.collab.DocumentHubs;
import dev.quire.collab.HubSettings;
import dev.quire.ot.Delta;
import dev.quire.protocol.ProtocolCodec;
import dev.quire.json.QuireJson;
import dev.quire.auth.InMemoryAccessGrantStore;
import dev.quire.testkit.Await;
import dev.quire.testkit.GatedStore;
import dev.quire.testkit.GatedStore.Call;
import dev.quire.testkit.WsTestClient;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over real sockets, with a store whose load of one document waits at a gate: the connection that asked for it is
 * not what waits (its hello returns, other connections keep being read and edited), and a connection that closes
 * while its document loads leaves no participant behind.
 */
class SlowStoreSocketTest {
    /** Short, so that on a server where the hello waited for the load it would fire during the load. */
    private static final Duration HELLO_TIMEOUT = Duration.ofMillis(500);

    private final GatedStore store = new GatedStore();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    private final ClientManager clients = ClientManager.createClient();
    private DocumentHubs hubs;
    private QuireServer server;
    private URI base;

    @BeforeEach
    void start() throws IOException {
        Clock clock = Clock.systemUTC();
        hubs = new DocumentHubs(store, pool, timers, clock,
                HubSettings.defaults().toBuilder().unloadGrace(Duration.ofMillis(20)).build());
        Revocations revocations = new Revocations();
        HandshakeAuth auth = new HandshakeAuth(new Authenticator(AuthSettings.defaults(), new AccessGrants(
                new InMemoryAccessGrantStore(), clock, revocations), clock), revocations, clock);
        server = new QuireServer("127.0.0.1", 0, List.of(DocumentSocket.endpointConfig(hubs,
                new ProtocolCodec(QuireJson.newMapper()), WsSettings.defaults(),
                WsLimits.defaults().toBuilder().helloTimeout(HELLO_TIMEOUT).build(), timers,
                new SendLanes(1, Executors.defaultThreadFactory()), ConnectionMetrics.NONE, auth)),
                RestConfig.create(), StaticFiles.fromClasspath(getClass().getClassLoader(), "quire-web"),
                ServerTuning.defaults());
        server.start();
        base = server.baseUri();
    }

    @AfterEach
    void stop() {
        store.open();
        server.close();
        clients.shutdown();
        pool.shutdownNow();
        timers.shutdownNow();
    }

    private WsTestClient client(String documentId, String label) {
        return new WsTestClient(clients, base, documentId, label);
    }

    private static String hello() {
        return "{\"type\":\"hello\",\"protocol\":" + WsTestClient.PROTOCOL + ",\"name\":\"Late\"}";
    }

    @Test
    void whileADocumentLoads_otherConnectionsAreReadAndKeepEditing_andItsClientIsWelcomedAfter() {
        try (WsTestClient ada = client("busy", "ada").connect().join();
             WsTestClient bob = client("busy", "bob").connect().join();
             WsTestClient late = client("slow", "late").connect()) {
            store.hold(Call.LOAD, "slow");
            late.send(hello());
            Await.until(() -> store.waiting() == 1, "the load waits at the gate");
            for (String text : List.of("a", "b", "c")) {
                ada.edit(content -> Delta.builder().insert(text).build());
                Await.until(() -> !ada.hasPending() && bob.content().equals(ada.content()),
                        "an edit in another document is acknowledged and reaches its peer");
            }
            Await.until(() -> store.waiting() == 1 && late.isOpen(), "still loading, and the late client connected");
            store.open();
            Await.until(() -> late.count(m -> WsTestClient.type(m).equals("welcome")) == 1,
                    "the late client is welcomed once its document is loaded");
        }
    }

    @Test
    void aConnectionClosedWhileItsDocumentLoads_leavesNoGhostParticipant_andTheDocumentUnloads() {
        try (WsTestClient ada = client("busy", "ada").connect().join();
             WsTestClient late = client("slow", "late").connect()) {
            store.hold(Call.LOAD, "slow");
            late.send(hello());
            Await.until(() -> store.waiting() == 1, "the load waits at the gate");
            late.disconnect();
            Await.until(() -> server.openWebSocketCount() == 1, "the server saw the close while the load waited");

            store.open();
            Await.until(() -> !hubs.openDocuments().contains("slow"), "the document unloads");
            assertTrue(hubs.present(List.of("slow")).isEmpty(), "no ghost participant");
            ada.edit(content -> Delta.builder().insert("still here").build());
            Await.until(() -> !ada.hasPending(), "the other document still edits");
        }
    }
}
