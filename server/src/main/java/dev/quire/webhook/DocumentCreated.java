package dev.quire.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code document.created}: a document was created.
 *
 * @param documentId      the new document
 * @param title           its title
 * @param documentVersion its version as created (0 unless created with history)
 * @param createdBy       who created it (a display name, or {@code api:...})
 * @param createdAt       when
 */
public record DocumentCreated(String documentId, String title, long documentVersion, String createdBy,
                              Instant createdAt) implements WebhookEvent {

    public DocumentCreated {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public EventType type() {
        return EventType.DOCUMENT_CREATED;
    }

    @Override
    public Instant occurredAt() {
        return createdAt;
    }
}
