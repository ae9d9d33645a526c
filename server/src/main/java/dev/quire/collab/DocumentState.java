package dev.quire.collab;

import dev.quire.ot.Delta;
import java.time.Instant;
import java.util.Objects;

/**
 * A document as committed at {@code version}: metadata and full content. Immutable.
 *
 * @param content the document delta at {@code version} (inserts only, ending with a newline)
 */
public record DocumentState(String id, String title, long version, Delta content, Instant createdAt,
                            Instant updatedAt) {
    public DocumentState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
