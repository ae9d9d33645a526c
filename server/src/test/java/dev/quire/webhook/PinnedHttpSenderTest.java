package dev.quire.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/** The sender against raw sockets on loopback: what a receiver can do wrong, and the attempt's time bound. */
class PinnedHttpSenderTest {
    private final PinnedHttpSender sender = new PinnedHttpSender((SSLSocketFactory) SSLSocketFactory.getDefault(),
            Duration.ofSeconds(1), Duration.ofMillis(400));

    private WebhookSender.Result send(int port) {
        return sender.send(new WebhookSender.Request(URI.create("http://127.0.0.1:" + port + "/h"),
                List.of(InetAddress.getLoopbackAddress()), Map.of("webhook-id", "msg_1"),
                "{}".getBytes(StandardCharsets.UTF_8)));
    }

    /** A one-connection server that reads the request head and answers {@code response} (null: never answers). */
    private static ServerSocket serve(String response) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                s.getInputStream().read(new byte[4096]);
                if (response == null) {
                    while (s.getInputStream().read() >= 0) {
                        // hold the connection until the client gives up
                    }
                    return;
                }
                OutputStream out = s.getOutputStream();
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // the client closed first: fine for these tests
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    @Test
    void silentReceiver_failsWithinTheAttemptTimeout() throws Exception {
        try (ServerSocket server = serve(null)) {
            WebhookSender.Result result = send(server.getLocalPort());
            assertNull(result.status());
            assertEquals("no response within 400 ms", result.error());
            assertTrue(result.latency().compareTo(Duration.ofSeconds(2)) < 0, result.latency().toString());
        }
    }

    @Test
    void informationalResponse_isSkippedForTheFinalOne() throws Exception {
        try (ServerSocket server = serve("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Busy\r\nRetry-After: 30\r\n\r\n")) {
            WebhookSender.Result result = send(server.getLocalPort());
            assertEquals(503, result.status());
            assertEquals("30", result.retryAfter());
        }
    }

    @Test
    void garbageOrClosedConnection_isAFailureWithoutStatus() throws Exception {
        try (ServerSocket server = serve("SSH-2.0-OpenSSH\r\n\r\n")) {
            WebhookSender.Result result = send(server.getLocalPort());
            assertNull(result.status());
            assertTrue(result.error().contains("not an HTTP/1.x response"), result.error());
        }
        try (ServerSocket server = serve("")) {
            assertEquals("connection closed without a response", send(server.getLocalPort()).error());
        }
    }

    @Test
    void refusedConnection_saysItWasRefused_notThatItTimedOut() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        WebhookSender.Result result = send(port);
        assertNull(result.status());
        assertTrue(result.error().matches("could not connect: 127\\.0\\.0\\.1:" + port
                + " refused the connection after \\d+ ms"), result.error());
    }
}
