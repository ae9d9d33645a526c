package dev.quire.collab;

import java.util.Objects;

/**
 * Outcome of a server-side write (edit, replace, rename, delete): the document's version after it,
 * or the reason it was refused. A refusal is an expected outcome, not an exception.
 *
 * @param version the version after the write (unchanged by rename and delete); -1 when refused
 * @param error   why the write was refused, or null when it succeeded
 * @param detail  a sentence for the API's user when refused, or null
 */
public record EditResult(long version, ErrorCode error, String detail) {
    public EditResult {
        if ((error == null) != (detail == null)) {
            throw new IllegalArgumentException("a refusal has both a code and a detail; a success neither");
        }
    }

    public static EditResult committed(long version) {
        return new EditResult(version, null, null);
    }

    public static EditResult refused(ErrorCode error, String detail) {
        return new EditResult(-1, Objects.requireNonNull(error, "error"), Objects.requireNonNull(detail, "detail"));
    }

    public boolean isCommitted() {
        return error == null;
    }
}
