package dev.quire.ws;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Processor;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.asyncqueue.AsyncQueueEnabledTransport;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.memory.ByteBufferWrapper;
import org.glassfish.grizzly.ssl.SSLBaseFilter;
import org.glassfish.tyrus.core.ProtocolHandler;
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
 *
 * <p>Tyrus's raw path still costs more than the write itself: a lock, a future and a completion wrapper in Tyrus,
 * a task queue and a buffer from a thread cache in its Grizzly writer, then the whole filter chain, whose filters
 * have nothing to do with bytes already framed (a flight recording of 1,000 clients on one document: two thirds of
 * the send lanes' samples outside the {@code write()} itself, docs/benchmarks.md, "Delivery cost against the
 * machine's floor"). So when the connection's chain has no TLS filter, the frames go straight to the connection's
 * Grizzly write queue, where the chain would have put them: the same queue as Tyrus's own frames (pings, close),
 * in call order, whole buffers each, written at once when the queue is empty. Reaching that connection takes two
 * more private fields (Tyrus's protocol handler's writer, its Grizzly connection); without them, or with TLS,
 * Tyrus's raw path is used. Writes no longer pass the listener's idle-timeout filter: with a WebSocket idle
 * timeout configured, what keeps a connection alive is what it reads (the clients' pongs to the heartbeat).
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
    private static final Field PROTOCOL_HANDLER = field(TyrusWebSocket.class, "protocolHandler");
    private static final Field TYRUS_WRITER = field(ProtocolHandler.class, "writer");
    /** The Grizzly connection field of each class of Tyrus writer, looked up (and reported if missing) once. */
    private static final ClassValue<Field> WRITER_CONNECTION = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> writerClass) {
            return field(writerClass, "connection");
        }
    };

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

    private static Field field(Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.info("Tyrus keeps no {}.{} here ({}); frames go through Tyrus", owner.getSimpleName(), name,
                    e.toString());
            return null;
        }
    }

    /**
     * The session's raw frame writer: straight to its Grizzly write queue where that can be reached and carries
     * no TLS, else Tyrus's raw path; null when this Tyrus exposes neither.
     */
    static Writer of(Session session) {
        if (WEB_SOCKET == null || !(session.getAsyncRemote() instanceof TyrusRemoteEndpoint remote)) {
            return null;
        }
        try {
            TyrusWebSocket webSocket = (TyrusWebSocket) WEB_SOCKET.get(remote);
            if (webSocket == null) {
                return null;
            }
            Writer direct = direct(webSocket);
            return direct != null ? direct : webSocket::sendRawFrame;
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    /** Writes to the connection's Grizzly write queue, or null when it cannot be reached or carries TLS. */
    private static Writer direct(TyrusWebSocket webSocket) throws IllegalAccessException {
        if (PROTOCOL_HANDLER == null || TYRUS_WRITER == null) {
            return null;
        }
        Object tyrusWriter = TYRUS_WRITER.get(PROTOCOL_HANDLER.get(webSocket));
        if (tyrusWriter == null) {
            return null;
        }
        Field connectionField = WRITER_CONNECTION.get(tyrusWriter.getClass());
        if (connectionField == null || !(connectionField.get(tyrusWriter) instanceof Connection<?> connection)
                || !(connection.getTransport() instanceof AsyncQueueEnabledTransport transport)
                || carriesTls(connection.getProcessor())) {
            return null;
        }
        @SuppressWarnings("unchecked")
        AsyncQueueWriter<Object> queue = transport.getAsyncQueueIO().getWriter();
        @SuppressWarnings("unchecked")
        Connection<Object> target = (Connection<Object>) connection;
        return new GrizzlyQueue(webSocket, queue, target);
    }

    /** Frames written to the connection's Grizzly write queue, as the end of the filter chain would. */
    record GrizzlyQueue(TyrusWebSocket webSocket, AsyncQueueWriter<Object> queue, Connection<Object> connection)
            implements Writer {
        @Override
        public Future<?> sendRawFrame(ByteBuffer frames) {
            // As Tyrus's own sendRawFrame: nothing after the session is closed (its close frame may be out).
            if (!webSocket.isConnected()) {
                throw new IllegalStateException("the connection is closed");
            }
            Written written = new Written();
            queue.write(connection, new ByteBufferWrapper(frames), written);
            return written;
        }
    }

    /** Whether the chain encrypts what it writes: then frames must pass through it. */
    private static boolean carriesTls(Processor<?> processor) {
        if (!(processor instanceof FilterChain chain)) {
            return true; // not a chain we can read: assume the worst
        }
        for (Filter filter : chain) {
            if (filter instanceof SSLBaseFilter) {
                return true;
            }
        }
        return false;
    }

    /** A direct write's completion: done once Grizzly wrote all of it or gave up on the connection. */
    private static final class Written extends CompletableFuture<Object>
            implements CompletionHandler<WriteResult<WritableMessage, Object>> {
        @Override
        public void completed(WriteResult<WritableMessage, Object> result) {
            complete(null);
        }

        @Override
        public void failed(Throwable error) {
            completeExceptionally(error);
        }

        @Override
        public void cancelled() {
            cancel(false);
        }

        @Override
        public void updated(WriteResult<WritableMessage, Object> result) {
            // partial progress: not done yet
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
