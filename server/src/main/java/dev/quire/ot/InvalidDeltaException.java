package dev.quire.ot;

/**
 * A delta that does not fit the document it is applied to: it retains or deletes past the end,
 * or it would remove the document's final newline. The message says exactly what does not fit.
 */
public final class InvalidDeltaException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDeltaException(String message) {
        super(message);
    }
}
