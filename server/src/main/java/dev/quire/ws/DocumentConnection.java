package dev.quire.ws;

import dev.quire.auth.Principal;
import dev.quire.auth.Role;
import dev.quire.collab.DocumentHubs;
import dev.quire.collab.DocumentSession;
import dev.quire.collab.ClientOp;
import dev.quire.collab.Edit;
import dev.quire.collab.ErrorCode;
import dev.quire.collab.Participant;
import dev.quire.collab.Presence;
import dev.quire.collab.Saved;
import dev.quire.collab.Selection;
import dev.quire.collab.User;
import dev.quire.collab.Welcome;
import dev.quire.protocol.ClientMessage;
import dev.quire.protocol.MalformedMessageException;
import dev.quire.protocol.ProtocolCodec;
import dev.quire.protocol.ServerMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection to one document ({@code /ws/documents/{id}}): decodes frames, calls
 * the hub, and is the hub's {@link Participant} for this client. One instance per connection.
 *
 * <p>Frames arrive one at a time from Tyrus; hub callbacks come from the document's sequence. The rest is
 * delegated, one concern each: what is sent, and the close, to the {@link ConnectionSender} (in order through
 * this connection's send lane, with the slow-consumer bound); the credential's revocation and expiry to the
 * {@link AccessGuard}; the abuse limits ({@link WsLimits}: connection slot, hello deadline and byte budget,
 * message rate) to {@link ConnectionLimits}; liveness to the {@link Heartbeat}. This class wires them to the
 * connection's life: open, each message, close.
 *
 * <p>Thread safety: Tyrus calls {@code onOpen}, then the message handlers one at a time, then {@code onClose} (which
 * may run on another thread, from within a send); the hub calls the {@link Participant} methods from the
 * document's sequence, and they only send. What both read (the user, the joined document, the admission) is
 * volatile; the error count is the message handler's only.
 */
// Public only because Tyrus calls the lifecycle methods reflectively; constructed by DocumentSocket.
public final class DocumentConnection extends Endpoint implements Participant {
    private static final Logger log = LoggerFactory.getLogger(DocumentConnection.class);

    private final DocumentHubs hubs;
    private final ProtocolCodec codec;
    private final ClientIdentities identities;
    private final WsSettings settings;
    private final ConnectionMetrics metrics;
    /** Logging context value ({@code conn}): names this connection in every log line about it. */
    private final String connectionId;
    private final ConnectionSender sender;
    /** What is sent to this connection goes through it, in order; it batches ops for protocol 3. */
    private final HeldOps out;
    private final AccessGuard access;
    private final ConnectionLimits limits;
    private final Heartbeat heartbeat;

    private String documentId;
    private int errors;
    private volatile User user;
    /** Who the client is: set by its hello, before the hub can call back. */
    private volatile ClientIdentities.Identity identity;
    /** The protocol version the client's hello named: set with {@link #identity}. */
    private volatile int protocol;
    private volatile DocumentSession document;
    /**
     * Guarded by this, with the write of {@link #document}: the connection has closed. A hello whose join returns
     * after that leaves at once, so a close on another thread (hello deadline, revocation, slow consumer) during a
     * join leaves no participant behind.
     */
    private boolean closedDown;
    private volatile Admission admission;

    DocumentConnection(DocumentHubs hubs, ProtocolCodec codec, ClientIdentities identities, EncodedOps encodedOps,
                       OpReleases releases, Executor lane, WsSettings settings, WsLimits limits, ConnectionCounts counts,
                       ScheduledExecutorService scheduler, ConnectionMetrics metrics, String connectionId,
                       HandshakeAuth auth) {
        this.hubs = hubs;
        this.codec = codec;
        this.identities = identities;
        this.settings = settings;
        this.metrics = metrics;
        this.connectionId = connectionId;
        this.sender = new ConnectionSender(codec, lane, settings.maxPendingSends(), settings.maxPendingSendBytes(),
                metrics, connectionId);
        this.out = new HeldOps(sender, encodedOps, releases);
        this.access = new AccessGuard(auth.revocations(), auth.clock(), scheduler, sender);
        this.limits = new ConnectionLimits(limits, counts, scheduler, sender);
        this.heartbeat = new Heartbeat(settings.pingInterval(), settings.idleTimeout(), scheduler, sender);
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Admission admitted = (Admission) config.getUserProperties().get(DocumentSocket.ADMISSION);
        // The document is the one the handshake authorised, never Tyrus's own reading of the path.
        this.documentId = admitted == null ? null : admitted.documentId();
        try (LogContext ignored = logContext()) {
            open(session, admitted);
        }
    }

    private void open(Session session, Admission admitted) {
        session.setMaxTextMessageBufferSize(settings.maxMessageBytes());
        sender.attach(session, documentId);
        if (admitted == null || !admitted.documentId().equals(session.getPathParameters().get("id"))) {
            // Only a handshake that passed HandshakeAuth reaches here, and on a canonical path Tyrus matches the id
            // that was authorised; anything else is a wiring fault, and nothing of a document may be sent.
            sender.close(ErrorCode.INTERNAL_ERROR, "connection was not authenticated for this document");
            return;
        }
        admission = admitted;
        log.debug("connection opened");
        if (!limits.takeSlot(session, documentId)) {
            return;
        }
        access.start(admission.principal());
        if (sender.isClosing()) {
            return; // revoked between the handshake and now
        }
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            try (LogContext ignored = logContext()) {
                onText(text);
            }
        });
        // The protocol has no binary messages: the first frame of one closes the connection, before Tyrus buffers
        // the rest of it (a partial handler sees each frame as it comes).
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (data, last) -> {
            try (LogContext ignored = logContext()) {
                clientError(WsError.UNSUPPORTED_DATA);
                sender.close(WsError.UNSUPPORTED_DATA, "binary messages are not part of the protocol");
            }
        });
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> heartbeat.heard());
        heartbeat.start(session);
        limits.startHelloDeadline(() -> document != null);
    }

    private void onText(String text) {
        heartbeat.heard();
        if (Utf8.lengthExceeds(text, settings.maxMessageBytes())) {
            // Tyrus enforces the session's message limit only on fragmented messages; a single frame below its
            // frame buffer arrives whole, so the limit is checked here too.
            clientError(WsError.TOO_LARGE);
            sender.close(WsError.TOO_LARGE, "message larger than " + settings.maxMessageBytes() + " bytes");
            return;
        }
        if (document == null && !limits.withinBytesBeforeHello(text)) {
            return;
        }
        ClientMessage message;
        try {
            message = codec.decode(text);
        } catch (MalformedMessageException e) {
            reject(errorCodeOf(e.reason()), e.getMessage(), null, e.messageType());
            return;
        }
        if (access.closeIfExpired()) {
            return; // authorisation is checked on every message, not only at the handshake
        }
        if (!limits.mayHandle(document != null, message)) {
            return;
        }
        if (message instanceof ClientMessage.Hello hello) {
            onHello(hello);
        } else if (message instanceof ClientMessage.Ping) {
            out.send(new ServerMessage.Pong());
        } else if (document == null) {
            reject(WsError.NOT_JOINED, "send a hello first", null, message.type());
        } else if (message instanceof ClientMessage.SubmitOp op) {
            if (mayEdit(op.seq(), "op")) {
                document.submit(op.seq(), op.baseVersion(), op.delta());
            }
        } else if (message instanceof ClientMessage.SubmitOps batch) {
            if (mayEdit(batch.firstSeq(), "ops")) {
                document.submitAll(batch.baseVersion(), batch.ops().stream()
                        .map(op -> new ClientOp(op.seq(), op.delta())).toList());
            }
        } else if (message instanceof ClientMessage.Save save) {
            if (mayEdit(null, "save")) {
                document.save(save.label()).thenAccept(result -> {
                    if (result.isRefused()) {
                        metrics.protocolError(result.error());
                        out.send(new ServerMessage.Error(result.error().wire(), result.detail(), null, "save"));
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
        reject(WsError.READ_ONLY, "this session may view " + documentId + " but not change it", seq, request);
        return false;
    }

    private void onHello(ClientMessage.Hello hello) {
        if (document != null) {
            reject(WsError.ALREADY_JOINED, "this connection has already joined " + documentId, null, "hello");
            return;
        }
        if (!ProtocolCodec.SUPPORTED_VERSIONS.contains(hello.protocol())) {
            String detail = "protocol " + hello.protocol() + " is not supported; this server speaks "
                    + ProtocolCodec.SUPPORTED_VERSIONS;
            clientError(WsError.UNSUPPORTED_PROTOCOL);
            out.send(new ServerMessage.Error(WsError.UNSUPPORTED_PROTOCOL.wire(), detail, null, "hello"));
            sender.close(WsError.UNSUPPORTED_PROTOCOL, detail);
            return;
        }
        Principal principal = admission.principal();
        ClientIdentities.Identity claimed;
        try {
            claimed = hello.clientSecret() == null ? identities.issue(principal)
                    : identities.resume(principal, hello.clientSecret());
        } catch (IllegalArgumentException e) {
            reject(WsError.INVALID_MESSAGE, e.getMessage(), null, "hello");
            return;
        }
        protocol = hello.protocol();
        identity = claimed;
        out.speak(protocol);
        // A name and colour the credential vouches for (a JWT's) win over what the client says about itself.
        String name = principal.name() != null ? principal.name() : hello.name() == null ? "Anonymous" : hello.name();
        String color = principal.color() != null ? principal.color()
                : Colors.valid(hello.color()) ? hello.color() : Colors.forClient(claimed.clientId());
        user = new User(claimed.clientId(), name, color);
        // Only a session that may edit a document may bring it into existence: a viewer's join of an unknown id is
        // turned away by the hub (4404) and stores and announces nothing.
        // Only an identity that may have sent an op before can have one in flight: a new identity or a viewer naming
        // one would only make the store write a fence for nothing.
        boolean mayHaveSent = hello.clientSecret() != null && admission.role() == Role.EDIT;
        DocumentSession joined = hubs.join(documentId, this, hello.version(), mayHaveSent ? hello.inFlightSeq() : null,
                admission.role() == Role.EDIT);
        boolean closedMeanwhile;
        synchronized (this) {
            document = joined;
            closedMeanwhile = closedDown;
        }
        if (closedMeanwhile) {
            joined.leave();
            return;
        }
        limits.cancelHelloDeadline();
    }

    /** @param request the type of the message refused, or null if it could not be decoded */
    private void reject(WsError code, String detail, Long seq, String request) {
        clientError(code);
        out.send(new ServerMessage.Error(code.wire(), detail, seq, request));
        if (++errors >= settings.maxErrors()) {
            sender.close(WsError.TOO_MANY_ERRORS, "too many invalid messages");
        }
    }

    private static WsError errorCodeOf(MalformedMessageException.Reason reason) {
        return switch (reason) {
            case INVALID_JSON -> WsError.INVALID_JSON;
            case UNKNOWN_TYPE -> WsError.UNKNOWN_TYPE;
            case INVALID_FIELD -> WsError.INVALID_MESSAGE;
        };
    }

    /** Counts an error the client caused, and logs its code (never the message that caused it: it is content). */
    private void clientError(WsError code) {
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
        sender.closed();
        heartbeat.stop();
        limits.cancelHelloDeadline();
        access.stop();
        limits.releaseSlot();
        DocumentSession joined;
        synchronized (this) {
            closedDown = true;
            joined = document;
        }
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
        out.send(Messages.welcome(welcome, protocol, admission.role().wire(), identity));
    }

    @Override
    public void acknowledged(long seq, long version) {
        out.send(new ServerMessage.Ack(seq, version));
    }

    @Override
    public void remoteOp(Edit edit) {
        out.remoteOp(edit);
    }

    @Override
    public void saved(Saved saved, String requestedBy) {
        out.send(new ServerMessage.Saved(saved.number(), saved.documentVersion(), saved.trigger(),
                saved.savedBy(), saved.savedAt().toString(), saved.label(), requestedBy));
    }

    @Override
    public void titleChanged(String title, String renamedBy) {
        out.send(new ServerMessage.Title(title, renamedBy));
    }

    @Override
    public void presenceChanged(Presence presence) {
        out.send(new ServerMessage.PresenceChanged(Messages.user(presence)));
    }

    @Override
    public void left(String clientId) {
        out.send(new ServerMessage.Left(clientId));
    }

    @Override
    public void rejected(ErrorCode code, String detail, Long seq) {
        if (code != ErrorCode.INTERNAL_ERROR) {
            metrics.protocolError(code);
        }
        out.send(new ServerMessage.Error(code.wire(), detail, seq));
    }

    @Override
    public void rejected(ErrorCode code, String detail, Long seq, Duration retryAfter) {
        metrics.protocolError(code);
        out.send(new ServerMessage.Error(code.wire(), detail, seq, seq != null ? "op" : null,
                Math.max(1, retryAfter.toMillis())));
    }

    @Override
    public String writer() {
        return admission.principal().writerKey();
    }

    @Override
    public void disconnect(ErrorCode code, String reason) {
        out.close(code, reason);
    }
}
