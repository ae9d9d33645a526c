package dev.quire.server;

import dev.quire.http.FrontDoor;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

/**
 * Tyrus's engine behind a {@code Host} and an {@code Origin} check: a WebSocket handshake naming a host the server
 * does not answer to is answered {@code 421 Misdirected Request}, one from a foreign origin {@code 403 Forbidden},
 * before Tyrus looks at it, so no endpoint instance and no session is ever created. (Upgrades with a foreign
 * {@code Host} normally never get here: {@link ConnectionPolicyAddOn} turns them into plain requests so that the
 * {@code http.RequestGuard} answers them with a problem+json body, which Tyrus cannot send. This check keeps the engine
 * closed on its own.)
 *
 * <p>Here rather than in {@code ServerEndpointConfig.Configurator.checkOrigin}, because that hook sees only the
 * {@code Origin} value and the default policy compares it with the request's {@code Host}, which under DNS
 * rebinding is the attacker's name. Thread-safe.
 */
final class OriginCheckingEngine implements WebSocketEngine {
    private static final UpgradeInfo REFUSED = new UpgradeInfo() {
        @Override
        public UpgradeStatus getStatus() {
            return UpgradeStatus.HANDSHAKE_FAILED;
        }

        @Override
        public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
            return null;
        }
    };

    private final WebSocketEngine engine;
    private final FrontDoor door;

    OriginCheckingEngine(WebSocketEngine engine, FrontDoor door) {
        this.engine = engine;
        this.door = door;
    }

    @Override
    public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
        if (isWebSocketUpgrade(request)) {
            if (!door.allowsHost(request.getHeader(UpgradeRequest.HOST))) {
                response.setStatus(421);
                response.setReasonPhrase("Misdirected Request");
                return REFUSED;
            }
            if (!door.allowsWebSocketOrigin(request.getHeader(UpgradeRequest.ORIGIN_HEADER))) {
                response.setStatus(403);
                response.setReasonPhrase("Forbidden: Origin not allowed");
                return REFUSED;
            }
        }
        return engine.upgrade(request, response);
    }

    private static boolean isWebSocketUpgrade(UpgradeRequest request) {
        String upgrade = request.getHeader(UpgradeRequest.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase(UpgradeRequest.WEBSOCKET);
    }

    @Override
    public void register(Class<?> endpointClass, String contextPath) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig serverConfig, String contextPath) throws DeploymentException {
        engine.register(serverConfig, contextPath);
    }
}
