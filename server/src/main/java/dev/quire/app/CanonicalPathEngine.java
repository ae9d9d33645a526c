package dev.quire.app;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

import java.util.List;
import java.util.Map;

/**
 * Tyrus's engine behind the front door's path rule: a WebSocket upgrade whose request path is not canonical
 * ({@link dev.quire.path.CanonicalPath}) is answered with a plain {@code 404 Not Found} before Tyrus matches it
 * against an endpoint, so no endpoint instance, no session and no upgrade ever exists for it.
 *
 * <p>Needed because Tyrus matches endpoints on the decoded path with {@code ;} parameters removed, so
 * {@code /ws/documents/B;x}, {@code /%77s/documents/B} or {@code /ws/documents/%42} would all reach the endpoint of
 * document {@code B}. Upgrades never pass the {@link Router}. Thread-safe.
 */
final class CanonicalPathEngine implements WebSocketEngine {
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

    CanonicalPathEngine(WebSocketEngine engine) {
        this.engine = engine;
    }

    @Override
    public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
        // The request URI's string is the request line's path as sent (Tyrus builds it with URI.create), undecoded.
        if (!CanonicalPathGate.isCanonical(request.getRequestUri())) {
            response.setStatus(404);
            response.setReasonPhrase("Not Found");
            // A complete answer that ends the exchange, so the client does not wait for a body or an upgrade.
            Map<String, List<String>> headers = response.getHeaders();
            headers.clear();
            headers.put("Content-Length", List.of("0"));
            headers.put("Connection", List.of("close"));
            headers.put("Cache-Control", List.of("no-store"));
            return REFUSED;
        }
        return engine.upgrade(request, response);
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
