package dev.quire.api;

import dev.quire.collab.ErrorCode;

/**
 * A request the API refuses, with the status and detail the client gets as problem+json. Thrown by
 * resources, answered by {@link ProblemExceptionMapper}; carries no stack trace (it is an outcome, not a bug).
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient ErrorCode code;

    /** A domain failure: the status comes from {@link ErrorStatus}. */
    ApiException(ErrorCode code, String detail) {
        super(detail, null, false, false);
        this.status = ErrorStatus.of(code);
        this.code = code;
    }

    /** A plain HTTP failure (media type, query parameter, precondition syntax) with no domain code. */
    ApiException(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = null;
    }

    int status() {
        return status;
    }

    /** The wire string of the code, or null. */
    String codeWire() {
        return code == null ? null : code.wire();
    }
}
