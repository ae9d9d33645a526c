package dev.quire.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.ot.Delta;
import dev.quire.json.DeltaJsonModule;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A real WebSocket client of Quire's protocol for integration tests (Tyrus client over real
 * sockets). Records every message received; when joined it also runs the client OT state machine
 * ({@link OtClient}) so tests can edit and compare documents.
 */
public final class WsTestClient implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new DeltaJsonModule());
    /** The protocol version this client speaks unless told otherwise (docs/protocol.md). */
    public static final int PROTOCOL = 2;

    private final ClientManager manager;
    /** Where {@link #connect()} goes: one server's socket of the document; {@link #connectTo} moves it. */
    private volatile URI uri;
    /** Ours, for names and failure messages; the client id is the server's to give. */
    private final String label;
    private final OtClient ot;
    /** The identity the server gave us, and its secret (presented to resume under it); null before the first welcome. */
    private String clientId;
    private String secret;
    private final List<JsonNode> received = new ArrayList<>();
    private volatile CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private Session session;
    private boolean joined;
    /** The version its hellos name. */
    private volatile int protocol = PROTOCOL;

    public WsTestClient(ClientManager manager, URI serverBase, String documentId, String label) {
        this(manager, serverBase, documentId, label, null);
    }

    /** With {@code credential} (null for none) in the {@code access_token} query parameter, as browsers send it. */
    public WsTestClient(ClientManager manager, URI serverBase, String documentId, String label, String credential) {
        this.manager = manager;
        URI path = serverBase.resolve("/ws/documents/" + documentId).normalize();
        this.uri = credential == null ? path : URI.create(path + "?access_token="
                + java.net.URLEncoder.encode(credential, java.nio.charset.StandardCharsets.UTF_8));
        this.label = label;
        this.ot = new OtClient(out -> send(opMessage(out)));
    }

    /** Names {@code version} in its hellos from now on (3: committed ops may come several in one {@code ops}). */
    public WsTestClient speaking(int version) {
        protocol = version;
        return this;
    }

    public static URI wsUri(URI httpBase) {
        return URI.create(httpBase.toString().replaceFirst("^http", "ws"));
    }

    /**
     * Opens the socket to another server of the same documents (another node of a cluster), keeping the identity
     * and the pending edits: the next {@link #join()} resumes there and resends them.
     */
    public WsTestClient connectTo(URI serverBase) {
        URI path = serverBase.resolve(uri.getRawPath());
        uri = uri.getRawQuery() == null ? path : URI.create(path + "?" + uri.getRawQuery());
        return connect();
    }

    /** Opens the socket (no hello yet). */
    public WsTestClient connect() {
        CompletableFuture<CloseReason> closedNow = new CompletableFuture<>();
        closed = closedNow;
        try {
            session = manager.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session s, EndpointConfig config) {
                    // No Tyrus idle timer: with the default it re-arms one on every frame on an executor the
                    // client manager shuts down between sessions, which races with the next send.
                    s.setMaxIdleTimeout(-1);
                    s.addMessageHandler(String.class, (MessageHandler.Whole<String>) WsTestClient.this::onMessage);
                }

                @Override
                public void onClose(Session s, CloseReason reason) {
                    closedNow.complete(reason);
                }
            }, ClientEndpointConfig.Builder.create().build(), wsUri(uri));
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to " + uri, e);
        }
        return this;
    }

    /**
     * Sends hello (resuming under its identity and from the current version if the client has joined before) and
     * waits for the welcome. It never names its op in flight ({@code inFlightSeq}): a client that does promises to
     * merge it after a welcome with the content, and {@link OtClient#reset} cannot merge; it resends instead.
     */
    public WsTestClient join() {
        int welcomesBefore = count(m -> type(m).equals("welcome"));
        ObjectNode hello = JSON.createObjectNode().put("type", "hello").put("protocol", protocol)
                .put("name", "Test " + label);
        synchronized (this) {
            if (secret != null) {
                hello.put("clientSecret", secret);
            }
            if (joined) {
                hello.put("version", ot.version());
            }
        }
        send(hello.toString());
        awaitMessage(m -> type(m).equals("welcome"), welcomesBefore);
        return this;
    }

    private synchronized void onMessage(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        received.add(message);
        switch (type(message)) {
            case "welcome" -> onWelcome(message);
            case "ack" -> ot.onAck(message.get("seq").asLong(), message.get("version").asLong());
            case "op" -> onOp(message);
            case "ops" -> message.get("ops").forEach(this::onOp);
            default -> {
            }
        }
        notifyAll();
    }

    private void onWelcome(JsonNode welcome) {
        clientId = welcome.get("clientId").asText();
        if (welcome.hasNonNull("clientSecret")) {
            secret = welcome.get("clientSecret").asText();
        }
        ot.identify(clientId);
        if (welcome.has("content")) {
            ot.reset(welcome.get("version").asLong(), delta(welcome.get("content")));
        } else {
            welcome.get("ops").forEach(this::onOp);
        }
        joined = true;
        ot.resend();
    }

    private void onOp(JsonNode op) {
        ot.onServerOp(op.get("version").asLong(), op.get("clientId").asText(), op.get("seq").asLong(),
                delta(op.get("delta")));
    }

    /** A local edit, as a user typing would make it. */
    public synchronized void edit(Delta change) {
        ot.applyLocal(change);
    }

    /** A local edit computed from the content at that moment (remote ops cannot slip in between). */
    public synchronized Delta edit(java.util.function.Function<Delta, Delta> makeChange) {
        Delta change = makeChange.apply(ot.content());
        ot.applyLocal(change);
        return change;
    }

    /** Sends a raw text frame (for bad-input tests). Frames sent while disconnected are dropped. */
    public void send(String text) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        try {
            s.getBasicRemote().sendText(text);
        } catch (IOException | RuntimeException e) {
            // The connection is going away (Tyrus throws a plain RuntimeException "Socket is not connected" when it
            // closed between isOpen and the send); the OT client resends on the next join.
        }
    }

    private static String opMessage(OtClient.Outgoing out) {
        ObjectNode message = JSON.createObjectNode().put("type", "op").put("seq", out.seq())
                .put("baseVersion", out.baseVersion());
        message.set("delta", JSON.valueToTree(out.delta()));
        return message.toString();
    }

    public synchronized Delta content() {
        return ot.content();
    }

    public synchronized long version() {
        return ot.version();
    }

    public synchronized boolean hasPending() {
        return ot.hasPending();
    }

    public synchronized boolean isSettled(long serverVersion) {
        return !ot.hasPending() && ot.version() == serverVersion;
    }

    public synchronized List<JsonNode> received() {
        return List.copyOf(received);
    }

    public synchronized int count(Predicate<JsonNode> which) {
        return (int) received.stream().filter(which).count();
    }

    /** Waits until more than {@code alreadySeen} received messages match, and returns the newest match. */
    public synchronized JsonNode awaitMessage(Predicate<JsonNode> which, int alreadySeen) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<JsonNode> matches = received.stream().filter(which).toList();
            if (matches.size() > alreadySeen) {
                return matches.get(alreadySeen);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(label + ": no matching message within 10 s; received " + received);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The next message of {@code type} after those already received. */
    public JsonNode nextOfType(String type, Runnable trigger) {
        int before = count(m -> type(m).equals(type));
        trigger.run();
        return awaitMessage(m -> type(m).equals(type), before);
    }

    public CloseReason awaitClose() {
        try {
            return closed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(label + ": not closed within 10 s", e);
        }
    }

    /** How the last connection ended, or "open": for failure messages. */
    public String closeState() {
        CompletableFuture<CloseReason> c = closed;
        return c != null && c.isDone() ? "closed " + c.join() : "open";
    }

    public boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen();
    }

    /** Drops the connection abruptly from the client side (as a network failure would look to the app). */
    public void disconnect() {
        try {
            session.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitClose();
    }

    public static String type(JsonNode message) {
        JsonNode type = message.get("type");
        return type == null ? "" : type.asText();
    }

    public static Delta delta(JsonNode node) {
        try {
            return JSON.treeToValue(node, Delta.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The identity the server gave this client (null before its first welcome). */
    public synchronized String clientId() {
        return clientId;
    }

    /** The secret that proves {@link #clientId()}: what a hello presents to resume under it. */
    public synchronized String secret() {
        return secret;
    }

    /** Presents {@code secret} in the next hellos: another holder of it resumes under its identity. */
    public synchronized WsTestClient withSecret(String secret) {
        this.secret = secret;
        return this;
    }

    /** The name the test gave this client (its display name is "Test " + label). */
    public String label() {
        return label;
    }

    @Override
    public void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a test client that is already going away
            }
        }
    }
}
