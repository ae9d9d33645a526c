package dev.quire.app;

import static dev.quire.testkit.WsTestClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.CapturedLogs;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import dev.quire.ws.WsLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What a client causes in the libraries underneath - a frame over the frame buffer, going away while the server
 * still writes to it - is logged as one line without a stack trace, as the server logs with {@code logback.xml}
 * and JUL routed into it (as {@code Main} does).
 */
class ClientFaultLoggingTest {
    private CapturedLogs captured;

    @BeforeEach
    void capture() {
        Logging.routeJulToSlf4j();
        captured = CapturedLogs.all();
    }

    @AfterEach
    void release() {
        captured.close();
    }

    @Test
    void frameOverTheFrameBuffer_isOneWarnLine_withoutStackTrace() {
        try (TestServer server = TestServer.start();
             WsTestClient client = server.client("huge-frame", "huge").connect().join()) {
            client.send("x".repeat(5 << 20));
            assertEquals(1011, client.awaitClose().getCloseCode().getCode());

            ILoggingEvent event = awaitEvent(e -> e.getLoggerName().startsWith("org.glassfish.tyrus")
                    && e.getLevel() == Level.WARN, "Tyrus reports the cut-off frame");
            assertTrue(event.getFormattedMessage().contains("larger than the frame buffer"), event::toString);
            assertTrue(event.getFormattedMessage().contains("Buffer overflow."), event::toString);
        }
        assertNoStackTraces();
    }

    @Test
    void slowClientThatGoesAway_isOneWarnLine_withoutStackTrace() throws IOException {
        // The typist sends as fast as it is acknowledged; the rate limit is not what this test is about.
        SecurityLimits unlimitedRate = SecurityLimits.defaults()
                .withWebSocket(WsLimits.defaults().toBuilder()
                        .messagesPerSecond(1_000_000).messageBurst(1_000_000).build());
        try (TestServer server = TestServer.start(unlimitedRate);
             WsTestClient typist = server.client("slow-gone", "typist").connect().join()) {
            Socket slow = joinWithoutReading(server, "slow-gone");
            typist.awaitMessage(m -> type(m).equals("presence") && m.path("name").asText().equals("slow"), 0);

            // Far more than the socket buffers and Grizzly's write queue hold, so writes to the slow client wait...
            String block = "x".repeat(256 * 1024);
            for (int i = 0; i < 120; i++) {
                typist.edit(Delta.builder().insert(block).build());
                typist.edit(Delta.builder().delete(block.length()).build());
                Await.until(() -> !typist.hasPending(), "the typist's edits are acknowledged");
            }
            // ...when it goes away without a close handshake (RST).
            slow.setSoLinger(true, 0);
            slow.close();
            typist.edit(Delta.ofText("after"));
            Await.until(() -> typist.count(m -> type(m).equals("leave")) == 1, "the server drops the slow client");

            ILoggingEvent event = awaitEvent(e -> e.getLoggerName().startsWith("org.glassfish.")
                    && e.getLevel() == Level.WARN, "the failed write to the slow client is logged");
            assertTrue(event.getFormattedMessage().contains("client went away"), event::toString);
        }
        assertNoStackTraces();
    }

    @Test
    void oversizedRequestWithAnUnknownProtocol_isOneWarnLine_withoutStackTrace() throws IOException {
        try (TestServer server = TestServer.start();
             Socket socket = new Socket("127.0.0.1", server.baseUri().getPort())) {
            socket.setSoTimeout(10_000);
            // Grizzly answers a header over its limit with 400, and fails to because it cannot name the protocol.
            socket.getOutputStream().write(("GET / XTTP/7\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // drain until the server closes the connection
                }
            } catch (IOException closedWithReset) {
                // as good as a close
            }
            ILoggingEvent event = awaitEvent(e -> e.getLoggerName().startsWith("org.glassfish.grizzly")
                    && e.getLevel() == Level.WARN, "Grizzly reports the request it could not answer");
            assertTrue(event.getFormattedMessage().contains("unknown protocol"), event::toString);
        }
        assertNoStackTraces();
    }

    @Test
    void otherLibraryEventsWithAThrowable_keepTheirStackTrace() {
        LoggerFactory.getLogger("org.glassfish.quire.test").warn("a real failure", new IllegalStateException("bug"));

        ILoggingEvent event = awaitEvent(e -> e.getLoggerName().equals("org.glassfish.quire.test"), "logged");
        assertEquals("a real failure", event.getFormattedMessage());
        assertEquals(IllegalStateException.class.getName(), event.getThrowableProxy().getClassName());
        assertNull(ClientFaultLogFilter.clientFault(new IllegalArgumentException("Buffer overflow? no")));
    }

    /** A WebSocket client on a raw socket with a tiny receive buffer that joins and then never reads. */
    private static Socket joinWithoutReading(TestServer server, String document) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", server.baseUri().getPort()), 5_000);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws/documents/" + document + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13"
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection during the handshake: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head::toString);
        byte[] hello = "{\"type\":\"hello\",\"protocol\":2,\"name\":\"slow\"}".getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + hello.length];
        frame[0] = (byte) 0x81; // FIN, text
        frame[1] = (byte) (0x80 | hello.length); // masked (with a zero key), short length
        System.arraycopy(hello, 0, frame, 6, hello.length);
        out.write(frame);
        out.flush();
        return socket;
    }

    private ILoggingEvent awaitEvent(Predicate<ILoggingEvent> which, String what) {
        Await.until(() -> events().stream().anyMatch(which), Duration.ofSeconds(20), () -> what + "; logged: "
                + describe(events()));
        return events().stream().filter(which).findFirst().orElseThrow();
    }

    private void assertNoStackTraces() {
        List<ILoggingEvent> traced = events().stream()
                .filter(e -> e.getThrowableProxy() != null && e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        assertTrue(traced.isEmpty(), () -> "logged with a stack trace: " + describe(traced));
    }

    private List<ILoggingEvent> events() {
        return captured.events();
    }

    private static String describe(List<ILoggingEvent> events) {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent e : events) {
            text.append("\n  ").append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" - ")
                    .append(e.getFormattedMessage())
                    .append(e.getThrowableProxy() == null ? "" : " [" + e.getThrowableProxy().getClassName() + "]");
        }
        return text.toString();
    }
}
