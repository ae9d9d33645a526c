package dev.quire.collab;

/**
 * Every domain failure a client can be told about, with its fixed wire string. The WebSocket
 * layer maps these to close codes and the REST layer to HTTP statuses, each in one place.
 */
public enum ErrorCode {
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
    /** The delta does not fit the document at its base version. */
    INVALID_DELTA("invalid_delta"),
    /** The base version is ahead of the document. */
    VERSION_IN_FUTURE("version_in_future"),
    /** The base version is older than the history the server transforms against: reload. */
    VERSION_TOO_OLD("version_too_old"),
    /** A write named the version it expected (REST {@code If-Match}) and the document is at another. */
    VERSION_CONFLICT("version_conflict"),
    /** A sequence number that is not larger than the client's last committed one, and is no resend of that op. */
    INVALID_SEQ("invalid_seq"),
    /** A newer connection joined the document with this session's client identity; this one is closed. */
    SESSION_REPLACED("session_replaced"),
    /** The document id is not a valid id. */
    INVALID_DOCUMENT_ID("invalid_document_id"),
    /**
     * The request path under {@code /api}, {@code /health} or {@code /ws} is not canonical (a {@code ;} parameter,
     * a percent-escape, an empty or dot segment, a trailing slash): it names no resource.
     */
    NON_CANONICAL_PATH("non_canonical_path"),
    /** No such document. */
    DOCUMENT_NOT_FOUND("document_not_found"),
    /** The document was deleted while open. */
    DOCUMENT_DELETED("document_deleted"),
    /** The message or document exceeds a size limit. */
    TOO_LARGE("too_large"),
    /** Too many bad messages on one connection. */
    TOO_MANY_ERRORS("too_many_errors"),
    /** The client sends faster than its rate limit allows; the message was dropped. */
    RATE_LIMITED("rate_limited"),
    /**
     * The write would exceed the bytes the document, or the writer's credential, may write per hour; nothing was
     * applied, and the same write may be sent again after the time the refusal names.
     */
    WRITE_BUDGET_EXCEEDED("write_budget_exceeded"),
    /**
     * The server's storage is behind (its write queue is full): nothing of the op was applied, and the same op may be
     * sent again after the time the refusal names.
     */
    SERVER_BUSY("server_busy"),
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
    /** The server is shutting down; reconnect later or elsewhere. */
    GOING_AWAY("going_away"),
    /** No valid credential was presented (missing, unknown, malformed, bad signature). */
    UNAUTHORIZED("unauthorized"),
    /** The credential is valid but does not allow this (scope, document). */
    FORBIDDEN("forbidden"),
    /** The session may read the document but not change it (a viewer's op or save). */
    READ_ONLY("read_only"),
    /** The share link or token the session was admitted with was revoked. */
    ACCESS_REVOKED("access_revoked"),
    /** The credential the session was admitted with expired. */
    ACCESS_EXPIRED("access_expired"),
    /** A failure on the server's side (storage); nothing the client did. */
    INTERNAL_ERROR("internal_error");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The string used on the wire and in problem+json {@code code} fields. */
    public String wire() {
        return wire;
    }
}
