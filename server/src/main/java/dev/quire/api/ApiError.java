package dev.quire.api;

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
    RATE_LIMITED("rate_limited");

    private final String wire;

    ApiError(String wire) {
        this.wire = wire;
    }

    /** The string of the problem's {@code code} member. */
    public String wire() {
        return wire;
    }
}
