package dev.quire.collab;

import dev.quire.store.SavedVersion;
import java.time.Instant;
import java.util.Objects;

/**
 * A committed save as participants are told of it.
 *
 * @param number          1, 2, ... per document, in commit order
 * @param documentVersion the document version it captures
 * @param trigger         what caused it, by its wire name ({@code explicit}, {@code auto}, {@code api}, ...)
 * @param savedBy         who saved (a display name)
 * @param label           an optional label, or null
 */
public record Saved(long number, long documentVersion, String trigger, String savedBy, Instant savedAt,
                    String label) {
    public Saved {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(savedBy, "savedBy");
        Objects.requireNonNull(savedAt, "savedAt");
    }

    static Saved of(SavedVersion saved) {
        return new Saved(saved.number(), saved.documentVersion(), saved.trigger().wire(), saved.savedBy(),
                saved.savedAt(), saved.label());
    }
}
