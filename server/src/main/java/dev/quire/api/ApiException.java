package dev.quire.api;

import dev.quire.collab.EditResult;
import dev.quire.collab.ErrorCode;
import java.time.Duration;

/**
 * A request the API refuses, with the status and detail the client gets as problem+json. Thrown by
 * resources, answered by {@link ProblemExceptionMapper}; carries no stack trace (it is an outcome, not a bug).
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient String code;
    private final transient Duration retryAfter;

    /** The REST layer's own refusal: the status comes from {@link ErrorStatus}. */
    ApiException(ApiError code, String detail) {
        this(ErrorStatus.of(code), code.wire(), detail, null);
    }

    /** The hub's refusal, with no retry hint: the status comes from {@link ErrorStatus}. */
    ApiException(ErrorCode code, String detail) {
        this(ErrorStatus.of(code), code.wire(), detail, null);
    }

    /** The hub's refusal with a retry hint ({@code Retry-After}). */
    ApiException(ErrorCode code, String detail, Duration retryAfter) {
        this(ErrorStatus.of(code), code.wire(), detail, retryAfter);
    }

    private ApiException(int status, String code, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /**
     * The refusal of a write, with its retry hint if it has one ({@code retryAfter}, null: no hint), sent as
     * {@code Retry-After}.
     */
    static ApiException refused(EditResult result) {
        return new ApiException(ErrorStatus.of(result.error()), result.error().wire(), result.detail(),
                result.retryAfter());
    }

    int status() {
        return status;
    }

    /** When the request may be sent again, in whole seconds (at least 1), or null for no hint. */
    Long retryAfterSeconds() {
        return retryAfter == null ? null : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** The wire string of the code, or null. */
    String codeWire() {
        return code;
    }
}
