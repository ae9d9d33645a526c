package dev.quire.webhook;

import dev.quire.store.SaveTrigger;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code document.saved}: a numbered saved version of a document was committed.
 *
 * @param documentId              the document
 * @param title                   its title at the save
 * @param savedVersion            the save's number (1, 2, ... per document)
 * @param documentVersion         the document version (op count) the save captures
 * @param previousSavedVersion    the number of the save before, or null for the first save
 * @param previousDocumentVersion the document version the previous save captured (0 for the first save): the
 *                                change since then is the ops {@code previousDocumentVersion < v <= documentVersion}
 * @param trigger                 what caused the save
 * @param savedBy                 who saved (a user's display name, or {@code api:...} for a REST client)
 * @param savedAt                 when the save committed
 * @param label                   the save's optional label, or null
 */
public record DocumentSaved(String documentId, String title, long savedVersion, long documentVersion,
                            Long previousSavedVersion, long previousDocumentVersion, SaveTrigger trigger,
                            String savedBy, Instant savedAt, String label) implements WebhookEvent {

    public DocumentSaved {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(savedBy, "savedBy");
        Objects.requireNonNull(savedAt, "savedAt");
        if (savedVersion < 1 || documentVersion < 0 || previousDocumentVersion < 0
                || previousDocumentVersion > documentVersion) {
            throw new IllegalArgumentException("inconsistent versions: saved " + savedVersion + ", document "
                    + documentVersion + ", previous document version " + previousDocumentVersion);
        }
    }

    @Override
    public EventType type() {
        return EventType.DOCUMENT_SAVED;
    }

    @Override
    public Instant occurredAt() {
        return savedAt;
    }
}
