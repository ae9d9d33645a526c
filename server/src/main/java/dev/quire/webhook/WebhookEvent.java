package dev.quire.webhook;

import java.time.Instant;

/**
 * Something that happened to a document and that endpoints may subscribe to. Events are immutable values; {@link
 * WebhookMessages} turns one into the message that is stored and delivered.
 */
public sealed interface WebhookEvent permits DocumentSaved, DocumentCreated, DocumentDeleted {

    EventType type();

    String documentId();

    /** When it happened; the payload's {@code timestamp}. */
    Instant occurredAt();
}
