package dev.quire.server;

import ch.qos.logback.classic.Level;
import dev.quire.http.RestConfig;
import dev.quire.http.StaticFiles;
import dev.quire.testkit.CapturedLogs;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WebSocket endpoints on the shared listener, over a real Tyrus client. */
class QuireServerWebSocketTest {

    private QuireServer server;
    /** One client for the class: Tyrus client managers share executors, and shutting one down stops them. */
    private static ClientManager client;

    /** Client endpoint that records messages and the close reason. */
    static final class Recorder extends Endpoint {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) messages::add);
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            closed.complete(reason);
        }
    }

    private Session connect(Recorder recorder, String path) throws Exception {
        Session session = client.connectToServer(recorder, ClientEndpointConfig.Builder.create().build(),
                TestServer.ws(server, path));
        // No Tyrus idle timer on the client: it re-arms one on every send on an executor the client manager
        // shuts down whenever its last session closes, a race that made sends fail between tests.
        session.setMaxIdleTimeout(-1);
        return session;
    }

    @BeforeAll
    static void createClient() {
        client = ClientManager.createClient();
    }

    @AfterAll
    static void shutdownClient() {
        client.shutdown();
    }

    @BeforeEach
    void start() throws Exception {
        // A one-second HTTP idle timeout makes the keep-alive test fast; it must not touch WebSockets.
        server = TestServer.start(StaticFiles.fromClasspath(getClass().getClassLoader(), "quire-web"),
                ServerTuning.defaults().withHttpIdleTimeout(Duration.ofSeconds(1)).withMaxMessageBytes(64 * 1024));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void programmaticEndpointInstance_receivesAndAnswers() throws Exception {
        Recorder recorder = new Recorder();
        Session session = connect(recorder, "/ws/echo");
        session.getBasicRemote().sendText("hello");
        assertEquals("echo:hello", recorder.messages.poll(5, TimeUnit.SECONDS));
        assertEquals(1, server.openWebSocketCount());
        session.close();
        recorder.closed.get(5, TimeUnit.SECONDS);
    }

    @Test
    void stoppingTheServer_closesClientsWith1001() throws Exception {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        connect(first, "/ws/echo");
        connect(second, "/ws/echo");
        CompletableFuture<Void> drained = new CompletableFuture<>();

        server.stop(() -> drained.complete(null));

        assertTrue(drained.isDone(), "drain hook ran");
        for (Recorder recorder : List.of(first, second)) {
            CloseReason reason = recorder.closed.get(5, TimeUnit.SECONDS);
            assertEquals(CloseReason.CloseCodes.GOING_AWAY, reason.getCloseCode());
        }
        assertEquals(0, server.openWebSocketCount());
    }

    @Test
    void idleWebSocket_outlivesTheHttpKeepAliveTimeout_whileIdleHttpConnectionIsClosed() throws Exception {
        Recorder recorder = new Recorder();
        Session session = connect(recorder, "/ws/echo");
        try (Socket http = new Socket("127.0.0.1", server.port())) {
            http.setSoTimeout(10_000);
            OutputStream out = http.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = http.getInputStream();
            long start = System.nanoTime();
            in.readAllBytes(); // returns only when the server closes the idle keep-alive connection
            long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(idleMillis < 9_000, "idle HTTP connection closed by the 1 s keep-alive timeout");
        }
        // The WebSocket has been idle at least as long as the HTTP connection was; it must still be open.
        assertThrows(TimeoutException.class, () -> recorder.closed.get(1500, TimeUnit.MILLISECONDS));
        session.getBasicRemote().sendText("still there");
        assertEquals("echo:still there", recorder.messages.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void frameOverTheLimit_closesThatSessionOnly_andServerStaysUsable() throws Exception {
        // Tyrus 2.2.2 bounds a single frame by the engine's incoming buffer (4x the message limit) and answers
        // an overflow with 1011 "Buffer overflow." (session message-size limits apply only to fragmented
        // messages; endpoints check whole single-frame messages themselves).
        try (CapturedLogs logs = CapturedLogs.of("org.glassfish.tyrus")) {
            Recorder big = new Recorder();
            Session session = connect(big, "/ws/echo");
            session.getBasicRemote().sendText("x".repeat(4 * 64 * 1024 + 1024));
            CloseReason reason = big.closed.get(5, TimeUnit.SECONDS);
            assertEquals(CloseReason.CloseCodes.UNEXPECTED_CONDITION, reason.getCloseCode(), reason.toString());
            logs.await(Level.WARN, "larger than the frame buffer");
        }

        Recorder other = new Recorder();
        connect(other, "/ws/echo").getBasicRemote().sendText("x".repeat(64 * 1024));
        assertEquals(64 * 1024 + 5, other.messages.poll(5, TimeUnit.SECONDS).length());
    }

    @Test
    void fragmentedMessageOverTheLimit_closesWith1009() throws Exception {
        Recorder big = new Recorder();
        Session session = connect(big, "/ws/echo");
        String part = "x".repeat(40 * 1024);
        session.getBasicRemote().sendText(part, false);
        session.getBasicRemote().sendText(part, true);
        CloseReason reason = big.closed.get(5, TimeUnit.SECONDS);
        assertEquals(CloseReason.CloseCodes.TOO_BIG, reason.getCloseCode(), reason.toString());
    }

    @Test
    void unknownWebSocketPath_isRefused() {
        assertThrows(Exception.class, () -> connect(new Recorder(), "/ws/nope"));
        assertFalse(server.openWebSocketCount() > 0);
    }

    @Test
    void endpointOutsideWs_orWithoutInstanceConfigurator_isRejectedAtConstruction() {
        var api = RestConfig.create();
        var web = StaticFilesTest.empty();
        assertThrows(IllegalArgumentException.class, () -> new QuireServer("127.0.0.1", 0,
                List.of(EchoEndpoint.config("/echo", "")), api, web, ServerTuning.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new QuireServer("127.0.0.1", 0,
                List.of(jakarta.websocket.server.ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/ws/x").build()),
                api, web, ServerTuning.defaults()));
    }

}
