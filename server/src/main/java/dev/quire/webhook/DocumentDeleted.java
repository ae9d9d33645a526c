package dev.quire.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code document.deleted}: a document was deleted (its id is never reused).
 *
 * @param documentId the deleted document
 * @param title      its last title
 * @param deletedBy  who deleted it (a display name, or {@code api:...})
 * @param deletedAt  when
 */
public record DocumentDeleted(String documentId, String title, String deletedBy, Instant deletedAt)
        implements WebhookEvent {

    public DocumentDeleted {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(deletedBy, "deletedBy");
        Objects.requireNonNull(deletedAt, "deletedAt");
    }

    @Override
    public EventType type() {
        return EventType.DOCUMENT_DELETED;
    }

    @Override
    public Instant occurredAt() {
        return deletedAt;
    }
}
