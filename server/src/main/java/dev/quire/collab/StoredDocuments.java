package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.ot.Op;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.OutboxFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A document's content outside its hub: its creation (with its {@code document.created} messages, in one
 * transaction) and its committed content at a past version. Blocking store calls: run on the store's threads.
 */
final class StoredDocuments {
    private final DocumentStore store;
    private final Clock clock;
    private final OutboxFactory announcements;

    StoredDocuments(DocumentStore store, Clock clock, OutboxFactory announcements) {
        this.store = store;
        this.clock = clock;
        this.announcements = announcements;
    }

    /**
     * Refuses a first content that is not a document ending with a newline ({@link IllegalArgumentException}) or
     * breaks the {@link ContentPolicy} ({@link dev.quire.ot.InvalidDeltaException}).
     */
    static void check(Delta content) {
        boolean endsWithNewline = !content.ops().isEmpty()
                && content.ops().get(content.ops().size() - 1) instanceof Op.Insert last && last.text().endsWith("\n");
        if (!content.isDocument() || !endsWithNewline) {
            throw new IllegalArgumentException("content must be a document ending with a newline");
        }
        ContentPolicy.checkDocument(content);
    }

    /** Creates the document at version 0; false if the id is taken, now or by a deleted document. */
    boolean create(String documentId, String title, Delta content, String createdBy) {
        Instant at = clock.instant();
        boolean created = store.create(documentId, title, new DocumentSnapshot(0, content), at,
                announcements.forCreated(documentId, title, 0, createdBy, at));
        if (created) {
            announcements.committed();
        }
        return created;
    }

    /** The content of saved version {@code number} of a document; empty if there is no such saved version. */
    static Optional<Delta> savedContent(DocumentStore store, String documentId, long number) {
        return store.savedVersion(documentId, number).flatMap(s -> contentAt(store, documentId, s.documentVersion()));
    }

    /**
     * The committed content of a document at {@code version}: the nearest stored snapshot at or before it plus a
     * replay of the ops after it; empty if the document or that version does not exist.
     */
    static Optional<Delta> contentAt(DocumentStore store, String documentId, long version) {
        Optional<DocumentSnapshot> snapshot = store.snapshotAtOrBefore(documentId, version);
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        Delta content = snapshot.get().content();
        long at = snapshot.get().version();
        for (CommittedOp op : store.ops(documentId, at, version)) {
            content = op.delta().applyTo(content);
            at = op.version();
        }
        return at == version ? Optional.of(content) : Optional.empty();
    }
}
