package dev.quire.store;

import dev.quire.ot.Delta;
import java.util.Objects;

/**
 * The full content of a document at a version.
 *
 * @param version the version the content is at (0 = the document as created)
 * @param content a document delta (inserts only), ending with a newline
 */
public record DocumentSnapshot(long version, Delta content) {
    public DocumentSnapshot {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0: " + version);
        }
        Objects.requireNonNull(content, "content");
    }
}
