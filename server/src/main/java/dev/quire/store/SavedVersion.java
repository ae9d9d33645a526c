package dev.quire.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A numbered saved version of a document: a named checkpoint that others can list, read and restore. Edits are
 * durable as they happen; a save only marks a version as one that matters (docs/architecture.md,
 * "A save is a numbered checkpoint").
 *
 * @param documentId              the document
 * @param number                  1, 2, ... per document, in commit order
 * @param documentVersion         the document version it captures
 * @param title                   the document's title at the save
 * @param trigger                 what caused it
 * @param savedBy                 who saved (a display name, or {@code REST API})
 * @param savedAt                 when it was made
 * @param label                   an optional label, or null
 * @param previousDocumentVersion the document version the save before captured (0 for the first save), so the
 *                                change since then is the ops {@code previousDocumentVersion < v <= documentVersion}
 */
public record SavedVersion(String documentId, long number, long documentVersion, String title, SaveTrigger trigger,
                           String savedBy, Instant savedAt, String label, long previousDocumentVersion) {

    public SavedVersion {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(savedBy, "savedBy");
        Objects.requireNonNull(savedAt, "savedAt");
        if (number < 1 || documentVersion < 0 || previousDocumentVersion < 0) {
            throw new IllegalArgumentException("save numbers start at 1 and versions at 0");
        }
    }

    /** The number of the save before this one, or null for the first. */
    public Long previousNumber() {
        return number == 1 ? null : number - 1;
    }
}
