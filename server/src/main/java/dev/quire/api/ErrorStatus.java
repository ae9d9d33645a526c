package dev.quire.api;

import dev.quire.collab.ErrorCode;

/**
 * The one mapping from error codes, the REST layer's and the hub's, to HTTP statuses (the WebSocket side has its own
 * in {@code ws}).
 */
final class ErrorStatus {
    private ErrorStatus() {
    }

    static int of(ApiError code) {
        return switch (code) {
            case INVALID_JSON, INVALID_MESSAGE, INVALID_DOCUMENT_ID -> 400;
            case FORBIDDEN -> 403;
            case NON_CANONICAL_PATH, NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case NOT_ACCEPTABLE -> 406;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case FORBIDDEN_TARGET -> 422;
            case RATE_LIMITED -> 429;
            case COMMIT_UNCONFIRMED, NOT_READY -> 503;
        };
    }

    static int of(ErrorCode code) {
        return switch (code) {
            case INVALID_SEQ -> 400;
            case DOCUMENT_NOT_FOUND -> 404;
            case DOCUMENT_DELETED -> 410;
            // The request named a base version the document cannot be edited from.
            case VERSION_IN_FUTURE, VERSION_TOO_OLD -> 409;
            // The request's precondition (If-Match) does not hold.
            case VERSION_CONFLICT -> 412;
            case SESSION_REPLACED -> 409;
            case TOO_LARGE -> 413;
            // Well-formed, but does not fit the document (retains past its end, removes the final newline, ...).
            case INVALID_DELTA -> 422;
            case WRITE_BUDGET_EXCEEDED -> 429;
            // The server's storage is behind, not this client over a limit: a retryable 503 with Retry-After.
            case GOING_AWAY, SERVER_BUSY -> 503;
            case INTERNAL_ERROR -> 500;
        };
    }
}
