package dev.quire.ws;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import org.glassfish.tyrus.core.TyrusRemoteEndpoint;
import org.glassfish.tyrus.core.TyrusWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broadcast framed once: the WebSocket frame of a server message built a single time and written, as the same
 * bytes, to every recipient. Server frames are not masked, so they are identical for all recipients; Tyrus's own
 * {@code Session.broadcast} does exactly this (it frames once and calls {@link TyrusWebSocket#sendRawFrame}), but
 * it broadcasts to every session of the endpoint (all documents), so the hub's fan-out uses the raw path itself.
 * Through {@code sendText}, Tyrus encodes the text to UTF-8 with a new charset encoder and builds a frame per
 * recipient (≈ 10 % of the server's CPU in a 1,000-client broadcast, docs/benchmarks.md).
 *
 * <p>Tyrus 2.2 offers the raw path only on its {@code TyrusWebSocket}, which its public {@code RemoteEndpoint}
 * keeps in a package-private field; if that field is not there (another Tyrus), {@link #of} answers null and the
 * caller sends text as before.
 */
final class RawFrames {
    /**
     * Writes bytes that are already whole WebSocket frames (one or several back to back, RFC 6455 allows it) to one
     * connection, in Tyrus's write queue, with the same lock as its own sends; the future completes once written.
     * Throws an unchecked exception when the connection is closed. Implemented by Tyrus's
     * {@link TyrusWebSocket#sendRawFrame}; tests write elsewhere.
     */
    @FunctionalInterface
    interface Writer {
        Future<?> sendRawFrame(ByteBuffer frames);
    }

    private static final Logger log = LoggerFactory.getLogger(RawFrames.class);
    private static final Field WEB_SOCKET = webSocketField();

    private RawFrames() {
    }

    private static Field webSocketField() {
        try {
            Field field = TyrusRemoteEndpoint.class.getDeclaredField("webSocket");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.info("Tyrus offers no raw frames here ({}); broadcasts are framed per recipient", e.toString());
            return null;
        }
    }

    /** The session's raw frame writer, or null when this Tyrus does not expose it. */
    static Writer of(Session session) {
        if (WEB_SOCKET == null || !(session.getAsyncRemote() instanceof TyrusRemoteEndpoint remote)) {
            return null;
        }
        try {
            TyrusWebSocket webSocket = (TyrusWebSocket) WEB_SOCKET.get(remote);
            return webSocket == null ? null : webSocket::sendRawFrame;
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    /**
     * One final, unmasked text frame (RFC 6455 §5.2) carrying {@code text}, in a direct buffer (written to sockets
     * without a copy). Callers hand each recipient its own {@link ByteBuffer#duplicate()}; the bytes never change.
     */
    static ByteBuffer textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return putTextFrame(payload, ByteBuffer.allocateDirect(frameLength(payload.length))).flip();
    }

    /**
     * The same frame in a heap buffer: for a message sent to one connection, whose bytes are copied once more
     * anyway (into a batch, or by the socket), where a direct buffer would only cost its allocation.
     */
    static ByteBuffer heapTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return putTextFrame(payload, ByteBuffer.allocate(frameLength(payload.length))).flip();
    }

    /** The length of a server (unmasked) frame carrying {@code payloadLength} bytes: header and payload. */
    private static int frameLength(int payloadLength) {
        int header = payloadLength < 126 ? 2 : payloadLength < 65_536 ? 4 : 10;
        return header + payloadLength;
    }

    private static ByteBuffer putTextFrame(byte[] payload, ByteBuffer frame) {
        int n = payload.length;
        frame.put((byte) 0x81); // FIN, opcode 1 (text)
        if (n < 126) {
            frame.put((byte) n);
        } else if (n < 65_536) {
            frame.put((byte) 126).putShort((short) n);
        } else {
            frame.put((byte) 127).putLong(n);
        }
        return frame.put(payload);
    }
}
