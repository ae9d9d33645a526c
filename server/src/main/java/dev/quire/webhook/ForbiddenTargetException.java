package dev.quire.webhook;

/** An endpoint URL that webhooks may not be sent to; the message says why, for the API's user. */
public final class ForbiddenTargetException extends Exception {
    private static final long serialVersionUID = 1L;

    public ForbiddenTargetException(String message) {
        super(message);
    }
}
