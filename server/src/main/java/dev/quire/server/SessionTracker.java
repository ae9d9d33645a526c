package dev.quire.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Knows every open WebSocket session of the server, so that shutdown can close them with 1001 (going away).
 *
 * <p>Tyrus offers no server-wide list of sessions, so each application endpoint config is re-wrapped: the
 * configurator still hands out the application's own instance, but inside a thin {@link Endpoint} that records
 * the session on open and forgets it on close. Everything else (path, subprotocols, extensions, encoders,
 * decoders, user properties, handshake hooks) is delegated unchanged. Thread-safe.
 */
final class SessionTracker {

    private static final Logger log = LoggerFactory.getLogger(SessionTracker.class);

    private final int maxMessageBytes;
    private final Set<Session> open = ConcurrentHashMap.newKeySet();
    private final Object closedSignal = new Object();
    /** Set once shutdown began; sessions opening after that are closed at once with this reason. */
    private volatile CloseReason closing;

    /** @param maxMessageBytes limit applied to every session's text and binary messages */
    SessionTracker(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Returns a config equivalent to {@code config} whose sessions this tracker sees. */
    ServerEndpointConfig track(ServerEndpointConfig config) {
        if (!Endpoint.class.isAssignableFrom(config.getEndpointClass())) {
            throw new IllegalArgumentException("only programmatic endpoints (subclasses of jakarta.websocket.Endpoint)"
                    + " are supported: " + config.getEndpointClass().getName());
        }
        ServerEndpointConfig.Configurator original = config.getConfigurator();
        if (usesDefaultInstantiation(original)) {
            // The default configurator creates the endpoint by reflection; collaborators could then only be
            // reached through static state.
            throw new IllegalArgumentException("endpoint at " + config.getPath() + " needs a Configurator whose"
                    + " getEndpointInstance returns an instance built by the application");
        }
        if (!config.getExtensions().isEmpty()) {
            // permessage-deflate (the only common extension) stays off: it costs memory per connection.
            throw new IllegalArgumentException("WebSocket extensions are not supported: " + config.getExtensions());
        }
        ServerEndpointConfig wrapped = ServerEndpointConfig.Builder.create(TrackedEndpoint.class, config.getPath())
                .subprotocols(config.getSubprotocols())
                .encoders(config.getEncoders())
                .decoders(config.getDecoders())
                .configurator(new TrackingConfigurator(original, config.getEndpointClass()))
                .build();
        wrapped.getUserProperties().putAll(config.getUserProperties());
        return wrapped;
    }

    private static boolean usesDefaultInstantiation(ServerEndpointConfig.Configurator configurator) {
        try {
            // The builder's default is Tyrus's TyrusServerEndpointConfigurator (found via ServiceLoader).
            Class<?> declaring = configurator.getClass().getMethod("getEndpointInstance", Class.class)
                    .getDeclaringClass();
            return declaring == ServerEndpointConfig.Configurator.class
                    || declaring.getName().startsWith("org.glassfish.tyrus.");
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Configurator.getEndpointInstance is part of the WebSocket API", e);
        }
    }

    int openCount() {
        return open.size();
    }

    /**
     * Sends a close frame with {@code reason} to every open session, then waits until all of them reported
     * their close (the peer answered or the connection dropped) or {@code timeoutMillis} passed.
     *
     * @return {@code true} if every session closed in time
     */
    boolean closeAll(CloseReason reason, long timeoutMillis) throws InterruptedException {
        // Tyrus writes the 101 response before it calls onOpen, so a client can be connected while its session
        // is not registered yet; `closing` makes such a late session close itself right after its onOpen.
        closing = reason;
        for (Session session : List.copyOf(open)) {
            close(session, reason);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (closedSignal) {
            while (!open.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                closedSignal.wait(left);
            }
        }
        return true;
    }

    void opened(Session session) {
        open.add(session);
    }

    /** Called after the application's onOpen, so the application sees onOpen before onClose. */
    void closeIfShuttingDown(Session session) {
        CloseReason reason = closing;
        if (reason != null) {
            close(session, reason);
        }
    }

    private void close(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            log.warn("closing WebSocket session {} failed: {}", session.getId(), e.toString());
            closed(session);
        }
    }

    void closed(Session session) {
        open.remove(session);
        synchronized (closedSignal) {
            closedSignal.notifyAll();
        }
    }

    private final class TrackingConfigurator extends ServerEndpointConfig.Configurator {
        private final ServerEndpointConfig.Configurator original;
        private final Class<?> originalClass;

        TrackingConfigurator(ServerEndpointConfig.Configurator original, Class<?> originalClass) {
            this.original = original;
            this.originalClass = originalClass;
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
            Endpoint delegate = (Endpoint) original.getEndpointInstance(originalClass);
            return endpointClass.cast(new TrackedEndpoint(delegate, SessionTracker.this));
        }

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            return original.getNegotiatedSubprotocol(supported, requested);
        }

        @Override
        public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
            return List.of(); // no extensions, in particular no permessage-deflate
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return original.checkOrigin(originHeaderValue);
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            original.modifyHandshake(sec, request, response);
        }
    }
}
