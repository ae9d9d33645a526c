package dev.quire.ws;

import dev.quire.collab.ErrorCode;
import dev.quire.protocol.ProtocolCodec;
import dev.quire.protocol.ServerMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.core.TyrusWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound side of one connection: its messages, its pings and finally its close.
 *
 * <p>Messages are queued on the connection's {@link SendLanes lane} (one thread, in order), which hands them to
 * Tyrus; the close goes through the same lane, after what was queued before it. Sends are counted from queueing
 * until Tyrus reports them written, so a client that does not read is closed as a slow consumer instead of being
 * buffered without limit. A broadcast op comes framed once ({@link EncodedOps}) and is written through Tyrus's
 * raw-frame path ({@link RawFrames}) when this Tyrus offers one, as text otherwise.
 *
 * <p>Once the close is queued, or the session is closed, nothing more is queued.
 *
 * <p>Thread safety: {@link #attach} runs once, on the Tyrus thread in {@code onOpen}, before anything else is
 * called. After it, {@link #send}, {@link #sendFramed}, {@link #ping}, {@link #close} and {@link #isClosing} may be
 * called from any thread (Tyrus's, the document's, the scheduler's, a revoking one); the writes to Tyrus run on
 * the lane only. {@link #close} is synchronized, so of two threads closing at the same instant only the first
 * queues a close (its reason is the one the peer sees).
 */
final class ConnectionSender {
    // The connection's logger, not this class's: operators select a connection's lines by it (docs/operations.md).
    private static final Logger log = LoggerFactory.getLogger(DocumentConnection.class);

    private final ProtocolCodec codec;
    /** Where this connection's messages and close are written, in the order they were queued. */
    private final Executor lane;
    private final int maxPendingSends;
    private final ConnectionMetrics metrics;
    private final String connectionId;
    private final AtomicInteger pendingSends = new AtomicInteger();
    /** Raw frames handed to Tyrus and not yet seen written, oldest first (they complete in order); lane only. */
    private final ArrayDeque<Future<?>> rawInFlight = new ArrayDeque<>();

    private Session session;
    /** Names the document in log lines; null when the client's id was invalid. */
    private String documentId;
    /** Tyrus's raw frame path for broadcasts framed once ({@link RawFrames}); null: send them as text. */
    private volatile TyrusWebSocket rawFrames;
    private volatile boolean closing;

    /**
     * @param maxPendingSends messages queued and not yet written beyond which the client is a slow consumer
     * @param connectionId    the logging context value {@code conn} of this connection
     */
    ConnectionSender(ProtocolCodec codec, Executor lane, int maxPendingSends, ConnectionMetrics metrics,
                     String connectionId) {
        this.codec = codec;
        this.lane = lane;
        this.maxPendingSends = maxPendingSends;
        this.metrics = metrics;
        this.connectionId = connectionId;
    }

    /** Binds this sender to the connection's session; {@code documentId} (null if invalid) only names it in logs. */
    void attach(Session session, String documentId) {
        this.session = session;
        this.documentId = documentId;
        this.rawFrames = RawFrames.of(session);
    }

    /** Whether the close is queued or the session closed: nothing more will be sent. */
    boolean isClosing() {
        return closing;
    }

    /** Called when Tyrus reports the session closed: nothing more is queued, nor a failed write logged. */
    void closed() {
        closing = true;
    }

    /** Encodes and queues a message; dropped once closing. */
    void send(ServerMessage message) {
        if (!closing) {
            sendText(codec.encode(message));
        }
    }

    /** Queues a broadcast op encoded once for all its recipients; dropped once closing. */
    void sendFramed(EncodedOps.Encoded encoded) {
        TyrusWebSocket raw = rawFrames;
        if (raw != null) {
            enqueue(() -> writeFrame(raw, encoded.frame()));
        } else {
            sendText(encoded.text());
        }
    }

    private void sendText(String text) {
        enqueue(() -> write(text));
    }

    /** Counts a message (closing a slow consumer instead) and queues its write on the lane. */
    private void enqueue(Runnable write) {
        if (closing) {
            return;
        }
        if (pendingSends.incrementAndGet() > maxPendingSends) {
            pendingSends.decrementAndGet();
            metrics.slowConsumerClosed();
            // Usually called from the document's thread, which carries no connection context.
            try (LogContext ignored = LogContext.of(connectionId, documentId)) {
                log.info("closing a slow consumer: more than {} messages unread", maxPendingSends);
            }
            close(ErrorCode.SLOW_CONSUMER, "more than " + maxPendingSends + " messages unread");
            return;
        }
        try {
            lane.execute(write);
        } catch (RejectedExecutionException e) {
            // The server is stopping and its lanes are gone: the connection is about to be closed anyway.
            pendingSends.decrementAndGet();
            log.debug("send after the lanes stopped on document {}", documentId);
        }
    }

    /** On the lane: hands one message to Tyrus, which writes it or queues it in Grizzly. */
    private void write(String text) {
        reapRawFrames();
        try {
            session.getAsyncRemote().sendText(text, result -> {
                pendingSends.decrementAndGet();
                if (!result.isOK() && !closing) {
                    log.debug("send failed on document {}: {}", documentId, result.getException().toString());
                }
            });
        } catch (IllegalStateException e) {
            // The peer vanished without a close handshake (or the session is closed already): nothing to deliver
            // to; the hub must not be disturbed (onClose will make this participant leave).
            pendingSends.decrementAndGet();
            log.debug("send on a closed connection to document {}: {}", documentId, e.toString());
        }
    }

    /**
     * On the lane: hands a pre-framed message to Tyrus (same lock and write queue as text sends, so the order
     * holds). Tyrus tells of raw writes only by a future, so they are counted down when seen done, on the next
     * write to this connection: the slow-consumer count only ever over-counts messages already written since then.
     */
    private void writeFrame(TyrusWebSocket raw, ByteBuffer frame) {
        reapRawFrames();
        if (!session.isOpen()) {
            pendingSends.decrementAndGet();
            return;
        }
        try {
            rawInFlight.add(raw.sendRawFrame(frame.duplicate()));
        } catch (RuntimeException e) {
            // Closed underneath us (as for text sends): nothing to deliver to; onClose makes the participant leave.
            pendingSends.decrementAndGet();
            log.debug("raw send on a closed connection to document {}: {}", documentId, e.toString());
        }
    }

    private void reapRawFrames() {
        Future<?> head;
        while ((head = rawInFlight.peek()) != null && head.isDone()) {
            rawInFlight.poll();
            pendingSends.decrementAndGet();
        }
    }

    /** Sends a ping from the calling thread, not through the lane; a failure is only logged (liveness decides). */
    void ping() {
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
        } catch (IOException | IllegalStateException e) {
            log.debug("ping failed on document {}: {}", documentId, e.toString());
        }
    }

    /** Closes the session once what was queued before is handed to Tyrus (the lane keeps the order). */
    synchronized void close(ErrorCode code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        try {
            lane.execute(() -> closeSession(code, reason));
        } catch (RejectedExecutionException e) {
            closeSession(code, reason); // the lanes have stopped: nothing is queued any more
        }
    }

    private void closeSession(ErrorCode code, String reason) {
        try {
            session.close(CloseCodes.forError(code, reason));
        } catch (IllegalStateException e) {
            // The peer closed first (Tyrus: "The connection has been closed"): nothing left to close. Caught so the
            // lane's thread, which other connections share, does not die of it.
            log.debug("close on an already closed connection to document {}: {}", documentId, e.toString());
        } catch (IOException e) {
            log.warn("could not close connection on document {} ({}): {}", documentId, code.wire(), e.toString());
        }
    }
}
