package dev.quire.collab;

import dev.quire.store.SavedVersion;

/**
 * Outcome of a save request: the saved version, "nothing to save" (an automatic or API save when nothing changed
 * since the last save), or a refusal. A refusal is an expected outcome, not an exception.
 *
 * @param saved  the committed saved version, or null
 * @param error  why it was refused, or null
 * @param detail a sentence for the user when refused, or null
 */
public record SaveResult(SavedVersion saved, ErrorCode error, String detail) {

    static SaveResult of(SavedVersion saved) {
        return new SaveResult(saved, null, null);
    }

    static SaveResult unchanged() {
        return new SaveResult(null, null, null);
    }

    static SaveResult refused(ErrorCode error, String detail) {
        return new SaveResult(null, error, detail);
    }

    public boolean isRefused() {
        return error != null;
    }
}
