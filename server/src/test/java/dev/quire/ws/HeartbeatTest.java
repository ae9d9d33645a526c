package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The server pings every client and closes one that shows no frame at all — not even the pong a
 * WebSocket stack sends by itself — for the idle timeout; a client that answers stays connected.
 */
class HeartbeatTest {
    private static final WsSettings FAST_HEARTBEAT = WsSettings.defaults().toBuilder()
            .pingInterval(Duration.ofMillis(100)).idleTimeout(Duration.ofMillis(400)).build();

    private record Close(int code, String reason) {
    }

    @Test
    void deadPeer_isClosedWithGoingAway_whileALivePeerStays() throws IOException {
        try (TestServer server = TestServer.start(FAST_HEARTBEAT);
             WsTestClient live = server.client("heartbeat", "live").connect().join();
             Socket dead = new Socket("127.0.0.1", server.baseUri().getPort())) {
            dead.setSoTimeout(10_000);
            handshake(dead, server.baseUri().getPort());
            int pings = 0;
            Close close = null;
            DataInputStream in = new DataInputStream(dead.getInputStream());
            while (close == null) {
                int opcode = in.readUnsignedByte() & 0x0F;
                byte[] payload = new byte[(int) payloadLength(in)];
                in.readFully(payload);
                if (opcode == 0x9) {
                    pings++; // a dead peer does not answer
                } else if (opcode == 0x8) {
                    close = new Close(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF),
                            new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
                }
            }
            assertTrue(pings >= 1, "the server pinged before giving up");
            assertEquals(1001, close.code());
            assertTrue(close.reason().startsWith("idle_timeout"), close.reason());
            assertTrue(live.isOpen(), "a client that answers pings is kept although it sent no message");
        }
    }

    private static void handshake(Socket socket, int port) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws/documents/heartbeat HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
    }

    private static long payloadLength(DataInputStream in) throws IOException {
        int length = in.readUnsignedByte() & 0x7F; // server frames are not masked
        if (length == 126) {
            return in.readUnsignedShort();
        }
        if (length == 127) {
            return in.readLong();
        }
        return length;
    }
}
