package dev.quire.server;

import dev.quire.http.FrontDoor;
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
    private final WebSocketEngine gated;

    /**
     * @param door the hosts the server answers to (handshakes naming others get 421) and who may open WebSockets
     *             (others get 403 at the handshake)
     */
    QuireWebSocketContainer(int maxMessageBytes, FrontDoor door) {
        super((Set<Class<?>>) null);
        // The engine's incoming buffer bounds one frame; Tyrus closes a session that overflows it with 1011
        // "Buffer overflow.". Whole-message limits (1009 "too big") are set per session by TrackedEndpoint and
        // checked again by the document endpoint (Tyrus enforces them only across fragments). The frame buffer is
        // 4x the message limit so that an oversized message gets the precise 1009 unless it is grossly oversized,
        // while the memory one connection can make the server hold stays bounded.
        this.engine = TyrusWebSocketEngine.builder(this)
                .incomingBufferSize(4 * maxMessageBytes + 14)
                .build();
        this.gated = new OriginCheckingEngine(engine, door);
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
        return gated; // what Grizzly's WebSocketAddOn hands every upgrade request to
    }
}
