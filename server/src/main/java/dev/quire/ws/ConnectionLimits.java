package dev.quire.ws;

import dev.quire.limit.TokenBucket;
import dev.quire.protocol.ClientMessage;
import dev.quire.protocol.ServerMessage;
import jakarta.websocket.Session;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.glassfish.tyrus.core.TyrusSession;

/**
 * One connection's standing against the abuse limits ({@link WsLimits}): it takes a slot per client address and per
 * document when it opens (closed with 1013 if there is none), must send its hello within a deadline (4408) and a
 * byte budget (1009), and once joined may send messages at a token-bucket rate; excess messages are refused with
 * {@code rate_limited} and persistent excess closes it with 1008. Each check that fails answers or closes the
 * connection itself (through the {@link ConnectionSender}) and tells the caller to go no further.
 *
 * <p>Thread safety: not thread-safe; called in the connection's lifecycle order: {@link #takeSlot} and
 * {@link #startHelloDeadline} from {@code onOpen}, the message checks from the message handler (Tyrus delivers one
 * message at a time), {@link #cancelHelloDeadline} and {@link #releaseSlot} from the hello and from
 * {@code onClose}. The hello deadline fires on the scheduler's thread; it only asks whether the connection joined
 * and closes through the {@link ConnectionSender}, which any thread may call. The slot is volatile.
 */
final class ConnectionLimits {
    private final WsLimits limits;
    private final ConnectionCounts counts;
    private final ScheduledExecutorService scheduler;
    private final ConnectionSender sender;
    private final TokenBucket messageRate;
    private volatile ConnectionCounts.Slot slot;
    private ScheduledFuture<?> helloDeadline;
    /** Messages refused by the rate limit since the last one accepted. */
    private int rateLimitedInRow;
    private long bytesBeforeHello;

    /** @param counts the open connections of the whole endpoint, where this one takes its slot */
    ConnectionLimits(WsLimits limits, ConnectionCounts counts, ScheduledExecutorService scheduler,
                     ConnectionSender sender) {
        this.limits = limits;
        this.counts = counts;
        this.scheduler = scheduler;
        this.sender = sender;
        this.messageRate = new TokenBucket(limits.messageBurst(), limits.messagesPerSecond(), System::nanoTime);
    }

    /** Takes this connection's slot; if there is none, closes the connection with 1013 and answers false. */
    boolean takeSlot(Session session, String documentId) {
        ConnectionCounts.Admission seat = counts.tryAcquire(remoteAddress(session), documentId);
        if (!seat.admitted()) {
            sender.close(WsError.TOO_MANY_CONNECTIONS, seat.refusal());
            return false;
        }
        slot = seat.slot();
        return true;
    }

    /** The peer's IP address as Tyrus saw it (a proxy's, behind one: X-Forwarded-For is not trusted). */
    private static String remoteAddress(Session session) {
        return session instanceof TyrusSession tyrus && tyrus.getRemoteAddr() != null ? tyrus.getRemoteAddr() : "unknown";
    }

    /** Gives the slot back (the connection is closed); idempotent. */
    void releaseSlot() {
        ConnectionCounts.Slot taken = slot;
        if (taken != null) {
            taken.release();
        }
    }

    /** Arms the hello deadline: when it passes, the connection is closed with 4408 unless {@code joined}. */
    void startHelloDeadline(BooleanSupplier joined) {
        helloDeadline = scheduler.schedule(() -> {
            if (!joined.getAsBoolean()) {
                sender.close(WsError.HELLO_TIMEOUT,
                        "no valid hello within " + limits.helloTimeout().toMillis() + " ms");
            }
        }, limits.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Disarms the hello deadline (the hello was accepted, or the connection closed). */
    void cancelHelloDeadline() {
        if (helloDeadline != null) {
            helloDeadline.cancel(false);
        }
    }

    /**
     * Counts a message that came before the hello was accepted. Before the hello nobody is known; what such a
     * connection may make the server read stays small.
     *
     * @return false if the budget is exceeded (the connection is then closed with 1009)
     */
    boolean withinBytesBeforeHello(String text) {
        bytesBeforeHello += Utf8.length(text);
        if (bytesBeforeHello > limits.maxBytesBeforeHello()) {
            sender.close(WsError.TOO_LARGE, "more than " + limits.maxBytesBeforeHello() + " bytes before the hello");
            return false;
        }
        return true;
    }

    /**
     * Whether a decoded message may be handled: once {@code joined}, each message takes a token of the rate; one
     * without is dropped with {@code rate_limited} (an op gets its seq back, so the client knows which) and
     * persistent excess closes the connection. Before the join only the hello deadline and byte budget apply.
     */
    boolean mayHandle(boolean joined, ClientMessage message) {
        if (joined && !messageRate.tryTake()) {
            rateLimited(seqOf(message), message.type());
            return false;
        }
        rateLimitedInRow = 0;
        return true;
    }

    /** The seq a refusal of {@code message} names, so the client knows which of its ops was dropped. */
    private static Long seqOf(ClientMessage message) {
        if (message instanceof ClientMessage.SubmitOp op) {
            return op.seq();
        }
        return message instanceof ClientMessage.SubmitOps batch ? batch.firstSeq() : null;
    }

    private void rateLimited(Long seq, String request) {
        double perSecond = limits.messagesPerSecond();
        String rate = perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
        if (++rateLimitedInRow >= limits.maxRateLimited()) {
            sender.close(WsError.RATE_LIMITED, "more than " + rate + " messages a second, persistently");
            return;
        }
        sender.send(new ServerMessage.Error(WsError.RATE_LIMITED.wire(), "more than " + rate
                + " messages a second; this message was dropped", seq, request));
    }
}
