package dev.quire.protocol;

/** A frame that is not a valid client message; {@link #reason()} says which kind of wrong it is. */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the frame. */
    public enum Reason {
        /** Not JSON, or not a JSON object. */
        INVALID_JSON,
        /** A {@code type} this protocol does not have. */
        UNKNOWN_TYPE,
        /** A field missing, of the wrong type, or out of range (including an invalid delta). */
        INVALID_FIELD
    }

    private final Reason reason;

    public MalformedMessageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
