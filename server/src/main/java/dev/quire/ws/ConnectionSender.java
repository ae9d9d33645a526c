package dev.quire.ws;

import dev.quire.collab.ErrorCode;
import dev.quire.protocol.ProtocolCodec;
import dev.quire.protocol.ServerMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound side of one connection: its messages, its pings and finally its close.
 *
 * <p>Messages wait in the connection's own queue; the first one queued while no drain is pending schedules one
 * drain on the connection's {@link SendLanes lane} (one thread, in order), which takes everything queued by then
 * and hands it to Tyrus. With Tyrus's raw-frame path ({@link RawFrames}) the drain frames each message itself (a
 * broadcast op comes framed once, {@link EncodedOps}) and writes the frames back to back in one buffer, so a
 * connection that has several messages waiting costs one socket write, not one each (RFC 6455 lets frames follow
 * one another in a write); a batch stops at {@link #MAX_BATCH_BYTES}, and a larger message goes alone. Without the
 * raw path each message is sent as text, in order. The close waits in the same queue, behind what was queued
 * before it, and nothing queued after it is written.
 *
 * <p>Sends are counted from queueing until Tyrus reports them written, so a client that does not read is closed as
 * a slow consumer instead of being buffered without limit. The count is checked when a message is queued. Bytes
 * are bounded too, since two thousand near-megabyte ops are two gigabytes: before the lane hands a message to
 * Tyrus, the bytes Tyrus holds unwritten for this connection (and the batch being built), besides the oldest write
 * under way, plus the message's own may not pass the bound. That is checked on the lane because only there are
 * finished raw writes seen (a large welcome just written would otherwise still count when the next op is queued);
 * leaving out the write under way lets a message larger than the bound (a long document's welcome) go even to a
 * slow reader, while what piles up behind it may not. Once the close is queued, or the session is closed, nothing
 * more is queued.
 *
 * <p>Thread safety: {@link #attach} runs once, on the Tyrus thread in {@code onOpen}, before anything else is
 * called. After it, {@link #send}, {@link #sendFramed}, {@link #ping}, {@link #close} and {@link #isClosing} may be
 * called from any thread (Tyrus's, the document's, the scheduler's, a revoking one); the writes to Tyrus run on
 * the lane only (the fields marked "lane only" are touched nowhere else). {@link #close} is synchronized, so of two
 * threads closing at the same instant only the first queues a close (its reason is the one the peer sees).
 */
final class ConnectionSender {
    /** A drain's raw write grows up to this many bytes; a message this large or larger is written alone. */
    static final int MAX_BATCH_BYTES = 64 * 1024;

    // The connection's logger, not this class's: operators select a connection's lines by it (docs/operations.md).
    private static final Logger log = LoggerFactory.getLogger(ConnectionSender.class);

    /** What waits in a connection's queue: a message, a broadcast op framed once, or the close. */
    private sealed interface Outgoing {
        /** What it counts against the byte bound: its UTF-8 or frame bytes. */
        long bytes();
    }

    private record Text(String text, long bytes) implements Outgoing {
        Text(String text) {
            this(text, Utf8.length(text));
        }
    }

    private record Framed(EncodedOps.Encoded encoded) implements Outgoing {
        @Override
        public long bytes() {
            return encoded.frame().remaining();
        }
    }

    private record Close(CloseReason reason) implements Outgoing {
        @Override
        public long bytes() {
            return 0;
        }
    }

    /** One raw write handed to Tyrus, and how many messages and bytes it carries. */
    private record InFlight(Future<?> written, int messages, long bytes) {
    }

    private final ProtocolCodec codec;
    /** Where this connection's drains run, one at a time, so its messages and close leave in queue order. */
    private final Executor lane;
    private final int maxPendingSends;
    private final long maxPendingBytes;
    private final ConnectionMetrics metrics;
    private final String connectionId;
    /** Messages queued and not yet seen written. */
    private final AtomicInteger pendingSends = new AtomicInteger();
    /** Messages and the close, in the order they were queued; taken by the drain. */
    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    /** Whether a drain is scheduled or running (it takes what is queued until it clears this): no other needed. */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Raw writes handed to Tyrus and not yet seen written, oldest first (they complete in order), and their bytes;
     * lane only. */
    private final ArrayDeque<InFlight> rawInFlight = new ArrayDeque<>();
    private long rawBytesInFlight;
    /** Without the raw path: the bytes of each text send Tyrus has not reported written yet, oldest first, and their
     * sum (Tyrus reports a session's sends in order, on its own threads). */
    private final Queue<Long> textInFlight = new ConcurrentLinkedQueue<>();
    private final AtomicLong textBytesInFlight = new AtomicLong();
    /** The frames of the raw write being built, their bytes, and the bytes they count (the first one's, and all);
     * lane only. */
    private final List<ByteBuffer> batch = new ArrayList<>();
    private int batchBytes;
    private long batchFirstCounted;
    private long batchCounted;
    /** The close was handed to Tyrus: what is still queued is dropped; lane only. */
    private boolean closeWritten;

    private Session session;
    /** Names the document in log lines; null when the client's id was invalid. */
    private String documentId;
    /** Tyrus's raw frame path ({@link RawFrames}); null: send each message as text. */
    private volatile RawFrames.Writer rawFrames;
    private volatile boolean closing;

    /**
     * @param maxPendingSends messages queued and not yet written beyond which the client is a slow consumer
     * @param connectionId    the logging context value {@code conn} of this connection
     */
    ConnectionSender(ProtocolCodec codec, Executor lane, int maxPendingSends, ConnectionMetrics metrics,
                     String connectionId) {
        this(codec, lane, maxPendingSends, Long.MAX_VALUE, metrics, connectionId);
    }

    /** @param maxPendingBytes bytes queued and not yet written beyond which the client is a slow consumer */
    ConnectionSender(ProtocolCodec codec, Executor lane, int maxPendingSends, long maxPendingBytes,
                     ConnectionMetrics metrics, String connectionId) {
        this.codec = codec;
        this.lane = lane;
        this.maxPendingSends = maxPendingSends;
        this.maxPendingBytes = maxPendingBytes;
        this.metrics = metrics;
        this.connectionId = connectionId;
    }

    /** Binds this sender to the connection's session; {@code documentId} (null if invalid) only names it in logs. */
    void attach(Session session, String documentId) {
        attach(session, documentId, RawFrames.of(session));
    }

    /** As {@link #attach(Session, String)}, writing frames through {@code rawFrames} (null: as text). */
    void attach(Session session, String documentId, RawFrames.Writer rawFrames) {
        this.session = session;
        this.documentId = documentId;
        this.rawFrames = rawFrames;
    }

    /** Whether the close is queued or the session closed: nothing more will be sent. */
    boolean isClosing() {
        return closing;
    }

    /** Called when Tyrus reports the session closed: nothing more is queued, nor a failed write logged. */
    void closed() {
        closing = true;
    }

    /** Messages queued and not yet seen written (raw writes are seen written on the connection's next drain). */
    int pendingSends() {
        return pendingSends.get();
    }

    /** Bytes handed to Tyrus and not seen written, and of the batch being built (lane only: for tests). */
    long heldBytes() {
        reapRawWrites();
        return rawBytesInFlight + textBytesInFlight.get() + batchCounted;
    }

    /** Encodes and queues a message; dropped once closing. */
    void send(ServerMessage message) {
        if (!closing) {
            enqueue(new Text(codec.encode(message)));
        }
    }

    /** Queues a broadcast op encoded once for all its recipients; dropped once closing. */
    void sendFramed(EncodedOps.Encoded encoded) {
        enqueue(new Framed(encoded));
    }

    /** Counts a message (closing a slow consumer instead) and queues it. */
    private void enqueue(Outgoing message) {
        if (closing) {
            return;
        }
        if (pendingSends.incrementAndGet() > maxPendingSends) {
            pendingSends.decrementAndGet();
            slowConsumer("more than " + maxPendingSends + " messages unread");
            return;
        }
        queue.add(message);
        scheduleDrain();
    }

    private void slowConsumer(String unread) {
        metrics.slowConsumerClosed();
        // Usually called from the document's or the lane's thread, which carry no connection context.
        try (LogContext ignored = LogContext.of(connectionId, documentId)) {
            log.info("closing a slow consumer: {}", unread);
        }
        close(WsError.SLOW_CONSUMER, unread);
    }

    /**
     * On the lane: whether handing over {@code next} would leave more than the bound held for this connection
     * besides the oldest write under way (or, with none, the first of the batch). Finished raw writes are seen
     * first, so what was written no longer counts.
     */
    private boolean overHeldBytes(Outgoing next) {
        long held = heldBytes();
        InFlight oldest = rawInFlight.peek();
        Long oldestText = textInFlight.peek();
        long underWay = oldest != null ? oldest.bytes() : oldestText != null ? oldestText : batchFirstCounted;
        return held - underWay + next.bytes() > maxPendingBytes && held > 0;
    }

    /** Messages seen written (or dropped): they no longer count. */
    private void uncount(int messages) {
        pendingSends.addAndGet(-messages);
    }

    /** Schedules a drain on the lane unless one is scheduled already (it will take what was just queued). */
    private void scheduleDrain() {
        while (drainScheduled.compareAndSet(false, true)) {
            try {
                lane.execute(this::drain);
                return;
            } catch (RejectedExecutionException e) {
                // The server is stopping and its lanes are gone: the connection is about to be closed anyway.
                dropQueued();
                drainScheduled.set(false);
                if (queue.isEmpty()) {
                    return;
                }
            }
        }
    }

    /** With the lanes stopped: drops the queued messages, but still closes if a close was queued. */
    private void dropQueued() {
        Outgoing next;
        while ((next = queue.poll()) != null) {
            if (next instanceof Close close) {
                closeSession(close.reason());
            } else {
                uncount(1);
                log.debug("send after the lanes stopped on document {}", documentId);
            }
        }
    }

    /**
     * On the lane: hands everything queued to Tyrus, in order. The flag is cleared only once the queue is seen
     * empty, then checked again: a message queued meanwhile either was taken here or schedules the next drain
     * (at the back of the lane, so the other connections of this lane get their turn).
     */
    private void drain() {
        try {
            reapRawWrites();
            RawFrames.Writer raw = rawFrames;
            Outgoing next;
            while ((next = queue.poll()) != null) {
                if (closeWritten) {
                    uncount(1); // it lost the race with the close: nothing is written after it
                } else if (!(next instanceof Close) && overHeldBytes(next)) {
                    uncount(1); // dropped: the close queued now (once) goes out after what went before
                    if (!closing) {
                        slowConsumer("more than " + maxPendingBytes + " bytes unread");
                    }
                } else if (next instanceof Close close) {
                    flushBatch(raw);
                    closeWritten = true;
                    closeSession(close.reason());
                } else if (raw == null) {
                    writeText(next instanceof Framed framed ? framed.encoded().text() : ((Text) next).text(),
                            next.bytes());
                } else {
                    addToBatch(raw, next instanceof Framed framed
                            ? framed.encoded().frame().duplicate() // shared by every recipient: never move it
                            : RawFrames.heapTextFrame(((Text) next).text()), next.bytes());
                }
            }
            flushBatch(raw);
        } finally {
            // Even if a write threw: a flag left set would silence this connection for good.
            drainScheduled.set(false);
            if (!queue.isEmpty()) {
                scheduleDrain();
            }
        }
    }

    private void addToBatch(RawFrames.Writer raw, ByteBuffer frame, long counted) {
        if (batchBytes + frame.remaining() > MAX_BATCH_BYTES) {
            flushBatch(raw);
        }
        if (batch.isEmpty()) {
            batchFirstCounted = counted;
        }
        batch.add(frame);
        batchBytes += frame.remaining();
        batchCounted += counted;
    }

    /**
     * Writes the batch's frames in one raw write: a lone frame as it is, several copied back to back into one heap
     * buffer (copied once more by the socket; a direct buffer per batch would only add an allocation freed by GC).
     */
    private void flushBatch(RawFrames.Writer raw) {
        int count = batch.size();
        if (count == 0) {
            return;
        }
        ByteBuffer frames;
        if (count == 1) {
            frames = batch.get(0);
        } else {
            frames = ByteBuffer.allocate(batchBytes);
            batch.forEach(frames::put);
            frames.flip();
        }
        long counted = batchCounted;
        batch.clear();
        batchBytes = 0;
        batchFirstCounted = 0;
        batchCounted = 0;
        writeRaw(raw, frames, count, counted);
    }

    /**
     * On the lane: hands whole frames to Tyrus (same lock and write queue as its own sends and pings, so the order
     * holds). Tyrus tells of raw writes only by a future, so their messages are counted down when seen done, on
     * the next drain of this connection: the slow-consumer count only ever over-counts messages already written
     * since then.
     */
    private void writeRaw(RawFrames.Writer raw, ByteBuffer frames, int messages, long bytes) {
        if (!session.isOpen()) {
            uncount(messages);
            return;
        }
        try {
            rawInFlight.add(new InFlight(raw.sendRawFrame(frames), messages, bytes));
            rawBytesInFlight += bytes;
        } catch (RuntimeException e) {
            // Closed underneath us (as for text sends): nothing to deliver to; onClose makes the participant leave.
            uncount(messages);
            log.debug("raw send on a closed connection to document {}: {}", documentId, e.toString());
        }
    }

    private void reapRawWrites() {
        InFlight head;
        while ((head = rawInFlight.peek()) != null && head.written().isDone()) {
            rawInFlight.poll();
            rawBytesInFlight -= head.bytes();
            uncount(head.messages());
        }
    }

    /** On the lane, without the raw path: hands one message to Tyrus, which writes it or queues it in Grizzly. */
    private void writeText(String text, long bytes) {
        textInFlight.add(bytes);
        textBytesInFlight.addAndGet(bytes);
        try {
            session.getAsyncRemote().sendText(text, result -> {
                textInFlight.poll(); // Tyrus reports its sends of one session in order
                textBytesInFlight.addAndGet(-bytes);
                uncount(1);
                if (!result.isOK() && !closing) {
                    log.debug("send failed on document {}: {}", documentId, result.getException().toString());
                }
            });
        } catch (IllegalStateException e) {
            // The peer vanished without a close handshake (or the session is closed already): nothing to deliver
            // to; the hub must not be disturbed (onClose will make this participant leave).
            textInFlight.poll();
            textBytesInFlight.addAndGet(-bytes);
            uncount(1);
            log.debug("send on a closed connection to document {}: {}", documentId, e.toString());
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

    /** Queues the close behind what was queued before it; nothing queued after it is written. */
    void close(WsError code, String reason) {
        close(CloseCodes.forError(code, reason));
    }

    /** Queues the hub's close behind what was queued before it; nothing queued after it is written. */
    void close(ErrorCode code, String reason) {
        close(CloseCodes.forError(code, reason));
    }

    private synchronized void close(CloseReason reason) {
        if (closing) {
            return;
        }
        closing = true;
        queue.add(new Close(reason));
        scheduleDrain();
    }

    private void closeSession(CloseReason reason) {
        try {
            session.close(reason);
        } catch (IllegalStateException e) {
            // The peer closed first (Tyrus: "The connection has been closed"): nothing left to close. Caught so the
            // lane's thread, which other connections share, does not die of it.
            log.debug("close on an already closed connection to document {}: {}", documentId, e.toString());
        } catch (IOException e) {
            log.warn("could not close connection on document {} ({}): {}", documentId,
                    reason.getCloseCode().getCode(), e.toString());
        }
    }
}
