package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.LoadedDocument;
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

    /** The state of {@code loaded} at its latest version: its snapshot with the ops after it applied. */
    static DocumentState replayed(LoadedDocument loaded) {
        Delta content = loaded.snapshot().content();
        long version = loaded.snapshot().version();
        for (CommittedOp op : loaded.opsAfterSnapshot()) {
            content = op.delta().applyTo(content);
            version = op.version();
        }
        DocumentInfo info = loaded.info();
        return new DocumentState(info.id(), info.title(), version, content, info.createdAt(), info.updatedAt());
    }
}
