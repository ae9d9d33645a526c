package dev.quire.api;

import dev.quire.collab.ErrorCode;

/**
 * What the REST layer itself tells a client went wrong, as the {@code code} of a problem+json answer, with its fixed
 * wire string (docs/rest.md lists them, with the hub's {@code collab.ErrorCode}s that reach a client as they are).
 * The front door in {@code app} answers with two of them before any resource runs. {@link ErrorStatus} maps both to
 * HTTP statuses. A refused credential's code is {@code auth}'s refusal reason, not one of these.
 */
public enum ApiError {
    /** The body is not valid JSON (or breaks the parser's limits). */
    INVALID_JSON("invalid_json"),
    /** A field is missing or has the wrong type or range, or a parameter or header is malformed. */
    INVALID_MESSAGE("invalid_message"),
    /** The document id is not a valid id. */
    INVALID_DOCUMENT_ID("invalid_document_id"),
    /**
     * The request path under {@code /api}, {@code /health} or {@code /ws} is not canonical (a {@code ;} parameter,
     * a percent-escape, an empty or dot segment, a trailing slash): it names no resource.
     */
    NON_CANONICAL_PATH("non_canonical_path"),
    /** The request body exceeds the size limit. */
    TOO_LARGE("too_large"),
    /** The credential is valid but does not allow this (scope, document). */
    FORBIDDEN("forbidden"),
    /** More requests than the client's rate limit allows. */
    RATE_LIMITED("rate_limited"),
    /**
     * No such path, or nothing under it: an API token, a share link, a webhook endpoint or message, a saved
     * version, a version the document has not reached (an unknown document is the hub's {@code document_not_found}).
     */
    NOT_FOUND("not_found"),
    /** The path exists but not with this method ({@code Allow} lists the methods). */
    METHOD_NOT_ALLOWED("method_not_allowed"),
    /** No representation matches {@code Accept}. */
    NOT_ACCEPTABLE("not_acceptable"),
    /** The request's {@code Content-Type} is not one the operation reads. */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
    /** The state of the thing named forbids the request (e.g. redelivery to a disabled webhook endpoint). */
    CONFLICT("conflict"),
    /** A webhook URL of a refused kind, or whose host resolves to a refused address (docs/webhooks.md). */
    FORBIDDEN_TARGET("forbidden_target"),
    /** A write's commit was not confirmed in time (it may still happen). */
    COMMIT_UNCONFIRMED("commit_unconfirmed"),
    /** The server is not ready to serve ({@code /health/ready}). */
    NOT_READY("not_ready");

    private final String wire;

    ApiError(String wire) {
        this.wire = wire;
    }

    /**
     * The code of a failure raised with a status alone (Jersey's own 404, 405, 406, 415, a framework's 400): every
     * problem+json answer carries a {@code code}, so a client can switch on it without reading the status first.
     */
    static String forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_MESSAGE.wire;
            case 403 -> FORBIDDEN.wire;
            case 404 -> NOT_FOUND.wire;
            case 405 -> METHOD_NOT_ALLOWED.wire;
            case 406 -> NOT_ACCEPTABLE.wire;
            case 409 -> CONFLICT.wire;
            case 413 -> TOO_LARGE.wire;
            case 415 -> UNSUPPORTED_MEDIA_TYPE.wire;
            case 429 -> RATE_LIMITED.wire;
            case 503 -> NOT_READY.wire;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR.wire() : "http_" + status;
        };
    }

    /** The string of the problem's {@code code} member. */
    public String wire() {
        return wire;
    }
}
