package dev.quire.api;

import dev.quire.collab.ErrorCode;

/** The one mapping from domain error codes to HTTP statuses (the WebSocket side has its own in {@code ws}). */
final class ErrorStatus {
    private ErrorStatus() {
    }

    static int of(ErrorCode code) {
        return switch (code) {
            case INVALID_JSON, UNKNOWN_TYPE, INVALID_MESSAGE, INVALID_SEQ, INVALID_DOCUMENT_ID, UNSUPPORTED_PROTOCOL,
                 NOT_JOINED, ALREADY_JOINED -> 400;
            case DOCUMENT_NOT_FOUND, NON_CANONICAL_PATH -> 404;
            case DOCUMENT_DELETED -> 410;
            // The request named a base version the document cannot be edited from.
            case VERSION_IN_FUTURE, VERSION_TOO_OLD -> 409;
            // The request's precondition (If-Match) does not hold.
            case VERSION_CONFLICT -> 412;
            case SESSION_REPLACED -> 409;
            case TOO_LARGE -> 413;
            // Well-formed, but does not fit the document (retains past its end, removes the final newline, ...).
            case INVALID_DELTA -> 422;
            case TOO_MANY_ERRORS, SLOW_CONSUMER, RATE_LIMITED, TOO_MANY_CONNECTIONS, WRITE_BUDGET_EXCEEDED -> 429;
            case UNSUPPORTED_DATA -> 415;
            case HELLO_TIMEOUT -> 408;
            case GOING_AWAY, IDLE_TIMEOUT -> 503;
            // The server's storage is behind, not this client over a limit: a retryable 503 with Retry-After.
            case SERVER_BUSY -> 503;
            case UNAUTHORIZED, ACCESS_REVOKED, ACCESS_EXPIRED -> 401;
            case FORBIDDEN, READ_ONLY -> 403;
            case INTERNAL_ERROR -> 500;
        };
    }
}
