package dev.quire.collab;

/**
 * What the hub itself tells a participant or a direct writer went wrong, with its fixed wire string. Only the hub's
 * own refusals are here: the transports have codes of their own (malformed messages, limits, credentials) and map
 * these onto theirs, the WebSocket layer to close codes and the REST layer to HTTP statuses, each in one place.
 */
public enum ErrorCode {
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
    /** No such document. */
    DOCUMENT_NOT_FOUND("document_not_found"),
    /** The document was deleted while open. */
    DOCUMENT_DELETED("document_deleted"),
    /** The document would exceed its length limit. */
    TOO_LARGE("too_large"),
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
    /** The server is shutting down; reconnect later or elsewhere. */
    GOING_AWAY("going_away"),
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
