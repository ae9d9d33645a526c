package dev.quire.ws;

import dev.quire.auth.Principal;
import dev.quire.auth.Revocations;
import dev.quire.auth.Role;
import dev.quire.collab.DocumentHubs;
import dev.quire.collab.DocumentIds;
import dev.quire.collab.DocumentSession;
import dev.quire.collab.ErrorCode;
import dev.quire.collab.Participant;
import dev.quire.collab.Presence;
import dev.quire.collab.Selection;
import dev.quire.collab.User;
import dev.quire.collab.Welcome;
import dev.quire.limit.TokenBucket;
import dev.quire.protocol.ClientMessage;
import dev.quire.protocol.MalformedMessageException;
import dev.quire.protocol.ProtocolCodec;
import dev.quire.protocol.ServerMessage;
import dev.quire.store.CommittedOp;
import dev.quire.store.SavedVersion;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.Future;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.core.TyrusSession;
import org.glassfish.tyrus.core.TyrusWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection to one document ({@code /ws/documents/{id}}): decodes frames, calls
 * the hub, and is the hub's {@link Participant} for this client. One instance per connection.
 *
 * <p>Frames arrive one at a time from Tyrus; hub callbacks come from the document's sequence.
 * Sends are queued on this connection's {@link SendLanes lane} (one thread, in order), which hands them
 * to Tyrus; the close goes through the same lane, after what was queued before it. Sends are counted
 * from queueing until Tyrus reports them written, so a client that does not read is closed as a slow
 * consumer instead of being buffered without limit.
 *
 * <p>Limits ({@link WsLimits}): a connection takes a slot per client address and per document when it opens
 * (closed with 1013 if there is none), must send its hello within a deadline (4408) and a byte budget (1009),
 * and once joined may send messages at a token-bucket rate; excess messages are refused with
 * {@code rate_limited} and persistent excess closes it with 1008.
 */
// Public only because Tyrus calls the lifecycle methods reflectively; constructed by DocumentSocket.
public final class DocumentConnection extends Endpoint implements Participant {
    private static final Logger log = LoggerFactory.getLogger(DocumentConnection.class);

    private final DocumentHubs hubs;
    private final ProtocolCodec codec;
    private final EncodedOps encodedOps;
    /** Where this connection's messages and close are written, in the order they were queued. */
    private final Executor lane;
    private final WsSettings settings;
    private final WsLimits limits;
    private final ConnectionCounts counts;
    private final TokenBucket messageRate;
    private final ScheduledExecutorService scheduler;
    private final ConnectionMetrics metrics;
    /** Logging context value ({@code conn}): names this connection in every log line about it. */
    private final String connectionId;
    private final AtomicInteger pendingSends = new AtomicInteger();
    private final HandshakeAuth auth;

    private Session session;
    /** Tyrus's raw frame path for broadcasts framed once ({@link RawFrames}); null: send them as text. */
    private volatile TyrusWebSocket rawFrames;
    /** Raw frames handed to Tyrus and not yet seen written, oldest first (they complete in order); lane only. */
    private final ArrayDeque<Future<?>> rawInFlight = new ArrayDeque<>();
    private String documentId;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> helloDeadline;
    private volatile ConnectionCounts.Slot slot;
    private int errors;
    /** Messages refused by the rate limit since the last one accepted. */
    private int rateLimitedInRow;
    private long bytesBeforeHello;
    private volatile User user;
    private volatile DocumentSession document;
    private volatile boolean closing;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile Admission admission;
    private Revocations.Subscription revocation;
    private volatile ScheduledFuture<?> expiry; // re-armed from the scheduler's thread

    DocumentConnection(DocumentHubs hubs, ProtocolCodec codec, EncodedOps encodedOps, Executor lane,
                       WsSettings settings, WsLimits limits, ConnectionCounts counts,
                       ScheduledExecutorService scheduler, ConnectionMetrics metrics, String connectionId,
                       HandshakeAuth auth) {
        this.lane = lane;
        this.auth = auth;
        this.hubs = hubs;
        this.metrics = metrics;
        this.connectionId = connectionId;
        this.codec = codec;
        this.encodedOps = encodedOps;
        this.settings = settings;
        this.limits = limits;
        this.counts = counts;
        this.messageRate = new TokenBucket(limits.messageBurst(), limits.messagesPerSecond(), System::nanoTime);
        this.scheduler = scheduler;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.session = session;
        String id = session.getPathParameters().get("id");
        // Only a valid id goes into log lines: the path is the client's to choose.
        this.documentId = DocumentIds.isValid(id) ? id : null;
        try (LogContext ignored = logContext()) {
            open(session, config);
        }
    }

    private void open(Session session, EndpointConfig config) {
        session.setMaxTextMessageBufferSize(settings.maxMessageBytes());
        rawFrames = RawFrames.of(session);
        if (documentId == null) {
            clientError(ErrorCode.INVALID_DOCUMENT_ID);
            close(ErrorCode.INVALID_DOCUMENT_ID, "a document id is 1 to 64 letters, digits, '-' or '_'");
            return;
        }
        log.debug("connection opened");
        admission = (Admission) config.getUserProperties().get(DocumentSocket.ADMISSION);
        if (admission == null) {
            // Only a handshake that passed HandshakeAuth reaches here; anything else is a wiring fault.
            close(ErrorCode.INTERNAL_ERROR, "connection was not authenticated");
            return;
        }
        ConnectionCounts.Admission seat = counts.tryAcquire(remoteAddress(session), documentId);
        if (!seat.admitted()) {
            close(ErrorCode.TOO_MANY_CONNECTIONS, seat.refusal());
            return;
        }
        slot = seat.slot();
        guardAccess(admission.principal());
        if (closing) {
            return; // revoked between the handshake and now
        }
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            try (LogContext ignored = logContext()) {
                onText(text);
            }
        });
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> heard());
        // -1 turns Tyrus's own idle timer off: it would re-arm a scheduled task on every frame (millions queued
        // under load) and, armed at 0 before this method ran, close brand-new sessions at once.
        session.setMaxIdleTimeout(-1);
        // Liveness is checked here rather than with Session.setMaxIdleTimeout: Tyrus 2.2.2's idle timer was
        // seen closing brand-new sessions at once ("closed by the container because of the idle timeout").
        long every = settings.pingInterval().toMillis();
        heartbeat = scheduler.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        helloDeadline = scheduler.schedule(this::helloDeadlinePassed, limits.helloTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The peer's IP address as Tyrus saw it (a proxy's, behind one: X-Forwarded-For is not trusted). */
    private static String remoteAddress(Session session) {
        return session instanceof TyrusSession tyrus && tyrus.getRemoteAddr() != null ? tyrus.getRemoteAddr() : "unknown";
    }

    private void helloDeadlinePassed() {
        if (document == null) {
            close(ErrorCode.HELLO_TIMEOUT, "no valid hello within " + limits.helloTimeout().toMillis() + " ms");
        }
    }

    /** Closes the session when its credential is revoked or expires, whichever comes first. */
    private void guardAccess(Principal principal) {
        if (principal.credentialId() != null && principal.kind() != Principal.Kind.INTEGRATION_JWT) {
            revocation = auth.revocations().subscribe(principal.credentialId(),
                    () -> close(ErrorCode.ACCESS_REVOKED, "the share link or token of this session was revoked"));
            if (closing) {
                revocation.close(); // onClose may have run inside subscribe, before the field was set
                return;
            }
        }
        scheduleExpiry();
    }

    /**
     * Arms the close at the credential's expiry. The scheduler counts monotonic time and the expiry is wall-clock
     * time, so a timer may fire a little early: it then re-arms for what is left.
     */
    private void scheduleExpiry() {
        Instant expiresAt = admission.principal().expiresAt();
        if (expiresAt == null || closing) {
            return;
        }
        long delay = Math.max(0, Duration.between(auth.clock().instant(), expiresAt).toMillis() + 1);
        expiry = scheduler.schedule(() -> {
            if (!closeIfExpired()) {
                scheduleExpiry();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** @return whether the session was closed because its credential expired */
    private boolean closeIfExpired() {
        if (admission.principal().expiredAt(auth.clock().instant())) {
            close(ErrorCode.ACCESS_EXPIRED, "the credential of this session expired");
            return true;
        }
        return false;
    }

    private void heard() {
        lastHeardNanos = System.nanoTime();
    }

    private void onText(String text) {
        heard();
        if (utf8LengthExceeds(text, settings.maxMessageBytes())) {
            // Tyrus enforces the session's message limit only on fragmented messages; a single frame below its
            // frame buffer arrives whole, so the limit is checked here too.
            clientError(ErrorCode.TOO_LARGE);
            close(ErrorCode.TOO_LARGE, "message larger than " + settings.maxMessageBytes() + " bytes");
            return;
        }
        if (document == null) {
            // Before the hello nobody is known; what such a connection may make the server read stays small.
            bytesBeforeHello += utf8Length(text);
            if (bytesBeforeHello > limits.maxBytesBeforeHello()) {
                close(ErrorCode.TOO_LARGE, "more than " + limits.maxBytesBeforeHello() + " bytes before the hello");
                return;
            }
        }
        ClientMessage message;
        try {
            message = codec.decode(text);
        } catch (MalformedMessageException e) {
            reject(errorCodeOf(e.reason()), e.getMessage(), null, e.messageType());
            return;
        }
        if (closeIfExpired()) {
            return; // authorisation is checked on every message, not only at the handshake
        }
        if (document != null && !messageRate.tryTake()) {
            rateLimited(message instanceof ClientMessage.SubmitOp op ? op.seq() : null, message.type());
            return;
        }
        rateLimitedInRow = 0;
        if (message instanceof ClientMessage.Hello hello) {
            onHello(hello);
        } else if (message instanceof ClientMessage.Ping) {
            send(new ServerMessage.Pong());
        } else if (document == null) {
            reject(ErrorCode.NOT_JOINED, "send a hello first", null, message.type());
        } else if (message instanceof ClientMessage.SubmitOp op) {
            if (mayEdit(op.seq(), "op")) {
                document.submit(op.seq(), op.baseVersion(), op.delta());
            }
        } else if (message instanceof ClientMessage.Save save) {
            if (mayEdit(null, "save")) {
                document.save(save.label()).thenAccept(result -> {
                    if (result.isRefused()) {
                        clientError(result.error());
                        send(new ServerMessage.Error(result.error().wire(), result.detail(), null, "save"));
                    }
                });
            }
        } else if (message instanceof ClientMessage.PresenceUpdate presence) {
            document.updatePresence(presence.selection() == null ? null
                    : new Selection(presence.selection().index(), presence.selection().length()));
        }
    }

    private boolean mayEdit(Long seq, String request) {
        if (admission.role() == Role.EDIT) {
            return true;
        }
        reject(ErrorCode.READ_ONLY, "this session may view " + documentId + " but not change it", seq, request);
        return false;
    }

    private void onHello(ClientMessage.Hello hello) {
        if (document != null) {
            reject(ErrorCode.ALREADY_JOINED, "this connection has already joined " + documentId, null, "hello");
            return;
        }
        if (!ProtocolCodec.SUPPORTED_VERSIONS.contains(hello.protocol())) {
            String detail = "protocol " + hello.protocol() + " is not supported; this server speaks "
                    + ProtocolCodec.SUPPORTED_VERSIONS;
            clientError(ErrorCode.UNSUPPORTED_PROTOCOL);
            send(new ServerMessage.Error(ErrorCode.UNSUPPORTED_PROTOCOL.wire(), detail, null, "hello"));
            close(ErrorCode.UNSUPPORTED_PROTOCOL, detail);
            return;
        }
        // A name and colour the credential vouches for (a JWT's) win over what the client says about itself.
        Principal principal = admission.principal();
        String name = principal.name() != null ? principal.name() : hello.name() == null ? "Anonymous" : hello.name();
        String color = principal.color() != null ? principal.color()
                : Colors.valid(hello.color()) ? hello.color() : Colors.forClient(hello.clientId());
        user = new User(hello.clientId(), name, color);
        document = hubs.join(documentId, this, hello.version());
        helloDeadline.cancel(false);
    }

    /** @param request the type of the message refused, or null if it could not be decoded */
    private void reject(ErrorCode code, String detail, Long seq, String request) {
        clientError(code);
        send(new ServerMessage.Error(code.wire(), detail, seq, request));
        if (++errors >= settings.maxErrors()) {
            close(ErrorCode.TOO_MANY_ERRORS, "too many invalid messages");
        }
    }

    /** The message is dropped (an op gets its seq back, so the client knows which); persistent excess closes. */
    private void rateLimited(Long seq, String request) {
        double perSecond = limits.messagesPerSecond();
        String rate = perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
        if (++rateLimitedInRow >= limits.maxRateLimited()) {
            close(ErrorCode.RATE_LIMITED, "more than " + rate + " messages a second, persistently");
            return;
        }
        send(new ServerMessage.Error(ErrorCode.RATE_LIMITED.wire(), "more than " + rate
                + " messages a second; this message was dropped", seq, request));
    }

    private static boolean utf8LengthExceeds(String text, int limit) {
        if ((long) text.length() * 3 <= limit) {
            return false; // no UTF-16 unit takes more than 3 bytes in UTF-8
        }
        return utf8Length(text) > limit;
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private static ErrorCode errorCodeOf(MalformedMessageException.Reason reason) {
        return switch (reason) {
            case INVALID_JSON -> ErrorCode.INVALID_JSON;
            case UNKNOWN_TYPE -> ErrorCode.UNKNOWN_TYPE;
            case INVALID_FIELD -> ErrorCode.INVALID_MESSAGE;
        };
    }

    /** Counts an error the client caused, and logs its code (never the message that caused it: it is content). */
    private void clientError(ErrorCode code) {
        metrics.protocolError(code);
        log.debug("client error {}", code.wire());
    }

    /** Puts this connection's ids into the logging context of the calling thread until closed. */
    private LogContext logContext() {
        return LogContext.of(connectionId, documentId);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        try (LogContext ignored = logContext()) {
            closed(closeReason);
        }
    }

    private void closed(CloseReason closeReason) {
        log.debug("connection closed: {}", closeReason.getCloseCode().getCode());
        closing = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (helloDeadline != null) {
            helloDeadline.cancel(false);
        }
        if (expiry != null) {
            expiry.cancel(false);
        }
        if (revocation != null) {
            revocation.close();
        }
        ConnectionCounts.Slot taken = slot;
        if (taken != null) {
            taken.release();
        }
        DocumentSession joined = document;
        if (joined != null) {
            joined.leave();
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        try (LogContext ignored = logContext()) {
            log.debug("connection error on document {}: {}", documentId, error.toString());
        }
    }

    // --- Participant: called from the document's sequence ---

    @Override
    public User user() {
        return user;
    }

    @Override
    public void welcome(Welcome welcome) {
        send(Messages.welcome(welcome, admission.role().wire()));
    }

    @Override
    public void acknowledged(long seq, long version) {
        send(new ServerMessage.Ack(seq, version));
    }

    @Override
    public void remoteOp(CommittedOp op) {
        EncodedOps.Encoded encoded = encodedOps.remoteOp(op);
        TyrusWebSocket raw = rawFrames;
        if (raw != null) {
            enqueue(() -> writeFrame(raw, encoded.frame()));
        } else {
            sendText(encoded.text());
        }
    }

    @Override
    public void saved(SavedVersion saved, String requestedBy) {
        send(new ServerMessage.Saved(saved.number(), saved.documentVersion(), saved.trigger().wire(),
                saved.savedBy(), saved.savedAt().toString(), saved.label(), requestedBy));
    }

    @Override
    public void titleChanged(String title, String renamedBy) {
        send(new ServerMessage.Title(title, renamedBy));
    }

    @Override
    public void presenceChanged(Presence presence) {
        send(new ServerMessage.PresenceChanged(Messages.user(presence)));
    }

    @Override
    public void left(String clientId) {
        send(new ServerMessage.Left(clientId));
    }

    @Override
    public void rejected(ErrorCode code, String detail, Long seq) {
        if (code != ErrorCode.INTERNAL_ERROR) {
            metrics.protocolError(code);
        }
        send(new ServerMessage.Error(code.wire(), detail, seq));
    }

    @Override
    public void disconnect(ErrorCode code, String reason) {
        close(code, reason);
    }

    // --- sending ---

    private void send(ServerMessage message) {
        if (!closing) {
            sendText(codec.encode(message));
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
        if (pendingSends.incrementAndGet() > settings.maxPendingSends()) {
            pendingSends.decrementAndGet();
            metrics.slowConsumerClosed();
            try (LogContext ignored = logContext()) {
                log.info("closing a slow consumer: more than {} messages unread", settings.maxPendingSends());
            }
            close(ErrorCode.SLOW_CONSUMER, "more than " + settings.maxPendingSends() + " messages unread");
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

    /** Closes a connection that has shown no frame (message or pong) for the idle timeout; pings the others. */
    private void heartbeat() {
        if (System.nanoTime() - lastHeardNanos > settings.idleTimeout().toNanos()) {
            close(ErrorCode.IDLE_TIMEOUT, "no frame for " + settings.idleTimeout().toMillis() + " ms");
            return;
        }
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
        } catch (IOException | IllegalStateException e) {
            log.debug("ping failed on document {}: {}", documentId, e.toString());
        }
    }

    /** Closes the session once what was queued before is handed to Tyrus (the lane keeps the order). */
    private void close(ErrorCode code, String reason) {
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
        } catch (IOException e) {
            log.warn("could not close connection on document {} ({}): {}", documentId, code.wire(), e.toString());
        }
    }
}
