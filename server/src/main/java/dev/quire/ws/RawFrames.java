package dev.quire.ws;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    static TyrusWebSocket of(Session session) {
        if (WEB_SOCKET == null || !(session.getAsyncRemote() instanceof TyrusRemoteEndpoint remote)) {
            return null;
        }
        try {
            return (TyrusWebSocket) WEB_SOCKET.get(remote);
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
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocateDirect(header + n);
        frame.put((byte) 0x81); // FIN, opcode 1 (text)
        if (n < 126) {
            frame.put((byte) n);
        } else if (n < 65_536) {
            frame.put((byte) 126).putShort((short) n);
        } else {
            frame.put((byte) 127).putLong(n);
        }
        frame.put(payload).flip();
        return frame;
    }
}
