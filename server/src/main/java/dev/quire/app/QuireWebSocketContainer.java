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
        // The engine's incoming buffer bounds one frame (payload plus a 14-byte header at most); Tyrus closes a
        // session that overflows it with 1011 "Buffer overflow.". Whole-message limits (1009 "too big", enforced
        // by Tyrus only across fragments) are set per session by TrackedEndpoint: Tyrus does not copy these
        // container defaults into server sessions, they are set here for anything that reads them.
        this.engine = TyrusWebSocketEngine.builder(this)
                .incomingBufferSize(maxMessageBytes + 14)
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
