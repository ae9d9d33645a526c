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
    private final String messageType;

    public MalformedMessageException(Reason reason, String message) {
        this(reason, message, null);
    }

    private MalformedMessageException(Reason reason, String message, String messageType) {
        super(message);
        this.reason = reason;
        this.messageType = messageType;
    }

    public Reason reason() {
        return reason;
    }

    /** The frame's {@code type} when it was a known one (a save whose label is too long), else null. */
    public String messageType() {
        return messageType;
    }

    /** The same failure, known to be about a message of {@code type}. */
    MalformedMessageException about(String type) {
        return new MalformedMessageException(reason, getMessage(), type);
    }
}
