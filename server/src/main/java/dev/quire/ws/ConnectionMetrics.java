package dev.quire.ws;

import dev.quire.collab.ErrorCode;

/**
 * What WebSocket connections tell whoever measures them ({@code app} wires a Micrometer implementation; {@code ws}
 * never sees it). No-op defaults. Called from Tyrus and hub threads at once: implementations must be thread-safe,
 * fast, and must not throw.
 */
public interface ConnectionMetrics {

    /** Measures nothing. */
    ConnectionMetrics NONE = new ConnectionMetrics() {
    };

    /**
     * A client was told it did something wrong, with an error frame or an error close: a malformed or unknown
     * message, a message out of order, an oversized message, a credential that no longer holds.
     */
    default void protocolError(WsError code) {
    }

    /** A client was told the hub refused what it sent: an op that does not fit, a stale base, a busy store. */
    default void protocolError(ErrorCode code) {
    }

    /** A client that did not read its messages (over the per-client send queue bound) was closed. */
    default void slowConsumerClosed() {
    }
}
