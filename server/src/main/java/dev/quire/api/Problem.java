package dev.quire.api;

import jakarta.ws.rs.core.Response;

import java.util.Objects;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}). Never carries a stack trace or
 * exception class name: {@code detail} is written for the API's user.
 *
 * @param type   a URI identifying the problem type; {@code about:blank} when the HTTP status says it all
 * @param title  short summary of the type; for {@code about:blank} the HTTP reason phrase
 * @param status the HTTP status code
 * @param detail explanation specific to this occurrence
 * @param code   the error code (an extension member): an {@link ApiError} or hub {@code ErrorCode} wire string;
 *               given as null, the code of the status ({@link ApiError#forStatus}), so it is never absent
 */
public record Problem(String type, String title, int status, String detail, String code) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        // A failure raised with a status alone still gets the code of that status: no answer lacks one.
        code = code != null ? code : ApiError.forStatus(status);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
    }

    /** A problem of type {@code about:blank} whose title is the reason phrase of {@code status}. */
    public static Problem of(int status, String detail) {
        return of(status, detail, null);
    }

    /** As {@link #of(int, String)}, with a {@code code} member (null for none). */
    public static Problem of(int status, String detail, String code) {
        Response.StatusType known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : switch (status) {
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            default -> "HTTP " + status;
        };
        return new Problem("about:blank", title, status, detail, code);
    }
}
