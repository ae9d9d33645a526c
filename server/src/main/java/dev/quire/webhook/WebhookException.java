package dev.quire.webhook;

/**
 * A request to manage webhooks that cannot be done; the message is written for the API's user (it names the
 * field or the id). The REST layer maps each {@link Kind} to one HTTP status.
 */
public final class WebhookException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** No such endpoint, message or delivery. */
        NOT_FOUND,
        /** A field is missing, of the wrong form, or out of bounds. */
        INVALID,
        /** The URL is of a refused kind, or its host resolves to a refused address (SSRF guard). */
        FORBIDDEN_TARGET,
        /** Not possible in the current state (e.g. redelivery to a disabled endpoint). */
        CONFLICT,
        /** Names documents outside the caller's {@link DocumentSet} (or every document, for a limited caller). */
        FORBIDDEN
    }

    private final Kind kind;

    public WebhookException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
