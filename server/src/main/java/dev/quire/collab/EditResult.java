package dev.quire.collab;

import java.time.Duration;
import java.util.Objects;

/**
 * Outcome of a server-side write (edit, replace, rename, delete): the document's version after it,
 * or the reason it was refused. A refusal is an expected outcome, not an exception.
 *
 * @param version the version after the write (unchanged by rename and delete); -1 when refused
 * @param error   why the write was refused, or null when it succeeded
 * @param detail  a sentence for the API's user when refused, or null
 * @param retryAfter when a refused write may be sent again (a write budget is spent), or null
 */
public record EditResult(long version, ErrorCode error, String detail, Duration retryAfter) {
    public EditResult {
        if ((error == null) != (detail == null) || error == null && retryAfter != null) {
            throw new IllegalArgumentException("a refusal has both a code and a detail; a success neither");
        }
    }

    public static EditResult committed(long version) {
        return new EditResult(version, null, null, null);
    }

    public static EditResult refused(ErrorCode error, String detail) {
        return refused(error, detail, null);
    }

    /** Refused; with {@code retryAfter} (null for none) the same write may be sent again after that long. */
    public static EditResult refused(ErrorCode error, String detail, Duration retryAfter) {
        return new EditResult(-1, Objects.requireNonNull(error, "error"), Objects.requireNonNull(detail, "detail"),
                retryAfter);
    }

    public boolean isCommitted() {
        return error == null;
    }
}
