package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.http.HttpHardening;
import dev.quire.app.SecurityLimits;
import dev.quire.app.ServerConfig;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Cross-site WebSocket hijacking: a page on another site must not be able to open a socket to Quire. A foreign
 * {@code Origin} gets 403 at the handshake and no session exists; the server's own pages (loopback on its port), the
 * public URL's origin, configured origins and clients without an {@code Origin} (non-browsers) get in. The
 * {@code Host} header has no say in what is foreign.
 */
class OriginCheckTest {
    private static final String PUBLIC_URL = "https://quire.example";
    private static final String EMBEDDER = "https://intranet.example:8443";
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, TestServer.tempDir())
                .with(dev.quire.app.Settings.PUBLIC_URL, new URI(PUBLIC_URL));
        server = TestServer.start(config, SecurityLimits.defaults()
                .withHttp(HttpHardening.defaults().withAllowedOrigins(List.of(EMBEDDER))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void crossSiteHijack_withARealClient_isRefusedWith403AndNoSessionExists() {
        ClientManager manager = ClientManager.createClient();
        try {
            ClientEndpointConfig foreign = ClientEndpointConfig.Builder.create()
                    .configurator(new ClientEndpointConfig.Configurator() {
                        @Override
                        public void beforeRequest(Map<String, List<String>> headers) {
                            headers.put("Origin", List.of("https://evil.example"));
                        }
                    }).build();
            URI uri = WsTestClient.wsUri(server.baseUri()).resolve("/ws/documents/victim");
            Exception refused = assertThrows(Exception.class, () -> manager.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                }
            }, foreign, uri));
            assertTrue(String.valueOf(refused.getMessage()).contains("403")
                    || String.valueOf(refused.getCause()).contains("403"), refused.toString());
            assertEquals(0, server.openWebSocketCount(), "no session was created");
        } finally {
            manager.shutdown();
        }
        // The document was not even created or joined: an honest client finds it empty and alone.
        try (WsTestClient honest = server.client("victim", "honest").connect().join()) {
            assertEquals(Delta.ofText("\n"), honest.content());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "http://127.0.0.1.evil.example", "null", "http://localhost",
        "https://quire.example.evil.example", "https://intranet.example", "file://", "http://127.0.0.1:1"})
    void foreignOrigin_gets403(String origin) throws IOException {
        assertEquals(403, handshakeStatus(origin, "127.0.0.1:" + server.baseUri().getPort()));
        Await.until(() -> server.openWebSocketCount() == 0, "no session left open");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SELF", PUBLIC_URL, "HTTPS://Quire.Example:443", EMBEDDER})
    void ownPublicAndConfiguredOrigins_andNoOrigin_areAllowed(String origin) throws IOException {
        String host = "127.0.0.1:" + server.baseUri().getPort();
        String sent = origin.equals("SELF") ? "http://" + host : origin.isEmpty() ? null : origin;
        assertEquals(101, handshakeStatus(sent, host));
    }

    @Test
    void originOfTheHostHeader_isNotEnough_itMustBeOneOfTheServersOwn() throws IOException {
        // Host may name any port of localhost (DNS rebinding needs a name, not a port), but a page of
        // http://localhost:1234 is another local server's, not Quire's.
        assertEquals(403, handshakeStatus("http://localhost:1234", "localhost:1234"));
        assertEquals(101, handshakeStatus("http://localhost:" + server.baseUri().getPort(), "localhost:1234"));
    }

    /** Sends a WebSocket handshake by hand (any Origin, or none) and returns the response status. */
    private static int handshakeStatus(String origin, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.baseUri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws/documents/origin-test HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return Integer.parseInt(line.substring(9, 12));
        }
    }
}
