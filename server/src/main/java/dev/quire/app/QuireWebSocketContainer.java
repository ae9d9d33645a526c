package dev.quire.app;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import java.util.Map;
import java.util.Set;

/**
 * Tyrus server container that owns a {@link TyrusWebSocketEngine} but no network listener of its own: the
 * Grizzly listener of {@link QuireServer} feeds it through Tyrus's {@code WebSocketAddOn}. This replaces
 * {@code org.glassfish.tyrus.server.Server}, which would start a second HTTP server and create endpoints by
 * reflection.
 *
 * <p>Endpoints are registered directly on the engine with the root context path, so an endpoint's own path
 * ({@code /ws/...}) is its full URL path. Not thread-safe during registration; call from the starting thread only.
 */
final class QuireWebSocketContainer extends TyrusServerContainer {

    private final TyrusWebSocketEngine engine;

    QuireWebSocketContainer(int maxMessageBytes) {
        super((Set<Class<?>>) null);
        // The engine's incoming buffer bounds one frame; the container's default text/binary buffer sizes bound a
        // whole (possibly fragmented) message. A message over the latter closes the session with 1009 "too big";
        // a single frame over the former is cut off by Tyrus with 1011. The frame buffer is 4x the message limit
        // so that an oversized message gets the precise 1009 unless it is grossly oversized, while the memory a
        // connection can make the server hold stays bounded.
        this.engine = TyrusWebSocketEngine.builder(this)
                .incomingBufferSize(4 * maxMessageBytes + 14)
                .build();
        setDefaultMaxTextMessageBufferSize(maxMessageBytes);
        setDefaultMaxBinaryMessageBufferSize(maxMessageBytes);
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        // Reflection-created endpoints could only reach collaborators through static state; refuse them.
        throw new UnsupportedOperationException("register a ServerEndpointConfig built around an instance instead");
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, "");
    }

    /** No Tyrus properties: every setting is made explicitly in the constructor. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }
}
