package dev.quire.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a caller asks {@link DocumentStore#save} to record; the store gives it its number.
 *
 * @param documentVersion the document version to capture; at most the document's version
 * @param label           optional, or null
 * @param outbox          the messages the save announces, stored in its transaction
 */
public record SaveRequest(long documentVersion, String title, SaveTrigger trigger, String savedBy, Instant savedAt,
                          String label, OutboxFactory outbox) {

    /** A save that announces nothing. */
    public SaveRequest(long documentVersion, String title, SaveTrigger trigger, String savedBy, Instant savedAt,
                       String label) {
        this(documentVersion, title, trigger, savedBy, savedAt, label, OutboxFactory.NONE);
    }

    public SaveRequest {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(savedBy, "savedBy");
        Objects.requireNonNull(savedAt, "savedAt");
        Objects.requireNonNull(outbox, "outbox");
        // Stores keep microseconds; truncating here makes what save() returns equal what is read back.
        savedAt = savedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (documentVersion < 0) {
            throw new IllegalArgumentException("documentVersion must be >= 0");
        }
    }

    /** The saved version this request becomes as number {@code number}, after a save that captured {@code previous}. */
    public SavedVersion numbered(String documentId, long number, long previous) {
        return new SavedVersion(documentId, number, documentVersion, title, trigger, savedBy, savedAt, label, previous);
    }
}
