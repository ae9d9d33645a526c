package dev.quire.ws;

/**
 * What the WebSocket layer itself tells a client went wrong, in an error frame or a close reason, with its fixed wire
 * string (docs/protocol.md lists them, with the hub's {@code collab.ErrorCode}s that reach a client as they are).
 * {@link CloseCodes} maps both to close codes.
 */
public enum WsError {
    /** The frame is not valid JSON. */
    INVALID_JSON("invalid_json"),
    /** The message has a type this server does not know. */
    UNKNOWN_TYPE("unknown_type"),
    /** A field is missing or has the wrong type or range. */
    INVALID_MESSAGE("invalid_message"),
    /** The hello names a protocol version this server does not speak. */
    UNSUPPORTED_PROTOCOL("unsupported_protocol"),
    /** A message that needs a joined session came before the hello. */
    NOT_JOINED("not_joined"),
    /** A second hello on the same connection. */
    ALREADY_JOINED("already_joined"),
    /** The upgrade's path is not exactly {@code /ws/documents/{id}}: it names no document (an HTTP 404). */
    NON_CANONICAL_PATH("non_canonical_path"),
    /** The message, or what was sent before the hello, exceeds a size limit. */
    TOO_LARGE("too_large"),
    /** Too many bad messages on one connection. */
    TOO_MANY_ERRORS("too_many_errors"),
    /** The client sends faster than its rate limit allows; the message was dropped. */
    RATE_LIMITED("rate_limited"),
    /** The client sent data the protocol has no use for (a binary frame). */
    UNSUPPORTED_DATA("unsupported_data"),
    /** Too many connections from the client's address, or to the document: try again later. */
    TOO_MANY_CONNECTIONS("too_many_connections"),
    /** The connection did not send a valid hello in time. */
    HELLO_TIMEOUT("hello_timeout"),
    /** The client does not read its messages fast enough. */
    SLOW_CONSUMER("slow_consumer"),
    /** No frame from the client (not even a pong) for the idle timeout: the peer is presumed dead. */
    IDLE_TIMEOUT("idle_timeout"),
    /** The session may read the document but not change it (a viewer's op or save). */
    READ_ONLY("read_only"),
    /** The share link or token the session was admitted with was revoked. */
    ACCESS_REVOKED("access_revoked"),
    /** The credential the session was admitted with expired. */
    ACCESS_EXPIRED("access_expired");

    private final String wire;

    WsError(String wire) {
        this.wire = wire;
    }

    /** The string used in error frames and close reasons. */
    public String wire() {
        return wire;
    }
}
