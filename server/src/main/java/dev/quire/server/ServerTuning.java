package dev.quire.server;

import dev.quire.ws.WsSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of the HTTP/WebSocket listener. Immutable.
 *
 * @param maxMessageBytes      largest WebSocket message accepted from a client; bounds per-connection memory.
 *                             Tyrus 2.2.2 closes a session whose single frame exceeds it with 1011 "Buffer
 *                             overflow." and one whose fragmented message exceeds it with 1009 (too big).
 * @param httpIdleTimeout      how long an idle plain-HTTP (keep-alive) connection is kept open
 * @param webSocketIdleTimeout idle limit for upgraded WebSocket connections; {@link Duration#ZERO} means none:
 *                             the protocol's heartbeat decides when a peer is dead, not the transport
 * @param shutdownTimeout      upper bound for a graceful stop (in-flight requests, drain hook, close handshakes)
 */
public record ServerTuning(int maxMessageBytes, Duration httpIdleTimeout, Duration webSocketIdleTimeout,
                           Duration shutdownTimeout) {

    public ServerTuning {
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024: " + maxMessageBytes);
        }
        requireNonNegative("httpIdleTimeout", httpIdleTimeout);
        requireNonNegative("webSocketIdleTimeout", webSocketIdleTimeout);
        requireNonNegative("shutdownTimeout", shutdownTimeout);
        if (httpIdleTimeout.toSeconds() < 1) {
            // Grizzly's keep-alive works in whole seconds; below one second would mean "never time out".
            throw new IllegalArgumentException("httpIdleTimeout must be at least one second: " + httpIdleTimeout);
        }
    }

    /**
     * The WebSocket endpoint's message limit (one message-size setting), 30 s HTTP keep-alive, no transport idle
     * limit on WebSockets, 10 s shutdown.
     */
    public static ServerTuning defaults() {
        return new ServerTuning(WsSettings.defaults().maxMessageBytes(), Duration.ofSeconds(30), Duration.ZERO,
                Duration.ofSeconds(10));
    }

    public ServerTuning withMaxMessageBytes(int bytes) {
        return new ServerTuning(bytes, httpIdleTimeout, webSocketIdleTimeout, shutdownTimeout);
    }

    public ServerTuning withHttpIdleTimeout(Duration timeout) {
        return new ServerTuning(maxMessageBytes, timeout, webSocketIdleTimeout, shutdownTimeout);
    }

    public ServerTuning withShutdownTimeout(Duration timeout) {
        return new ServerTuning(maxMessageBytes, httpIdleTimeout, webSocketIdleTimeout, timeout);
    }

    private static void requireNonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }
}
