package dev.quire.collab;

import dev.quire.store.DocumentStore;
import dev.quire.store.OutboxFactory;
import dev.quire.store.SaveRequest;
import dev.quire.store.SaveTrigger;
import dev.quire.store.SavedVersion;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saves of one open document: explicit, API and automatic ({@link Autosave}), each written with its webhook
 * announcements in one transaction, and told to everyone in the document once it is committed.
 *
 * <p>Threading: confined to the document's serial executor (the autosave timer hops onto it before saving). It is
 * constructed with its hub on the store's threads, as the document loads ({@link DocumentHubs}), so reading the
 * latest save there waits on no I/O thread and no thread of the hubs' pool.
 * A save is a commit like an op's: what is told after it waits for it ({@link OpenDocument#committing}).
 */
final class DocumentSaves {
    private static final Logger log = LoggerFactory.getLogger(DocumentSaves.class);

    private final String documentId;
    private final DocumentStore store;
    private final Clock clock;
    private final CommitOutbox outbox;
    private final Participants participants;
    /** What a save announces (webhooks), written in the save's transaction. */
    private final OutboxFactory announcements;
    private final Autosave autosave;
    /** The document version the latest save captured (0 if never saved): automatic and API saves skip it. */
    private long savedDocumentVersion;

    /** @param autosaveDue called on the document's sequence with the last editor's name when an autosave is due */
    DocumentSaves(String documentId, HubContext context, SerialExecutor serial, CommitOutbox outbox,
                  Participants participants, Consumer<String> autosaveDue) {
        this.documentId = documentId;
        this.store = context.store();
        this.clock = context.clock();
        this.outbox = outbox;
        this.participants = participants;
        this.announcements = context.announcements();
        this.savedDocumentVersion = store.latestSave(documentId).map(SavedVersion::documentVersion).orElse(0L);
        this.autosave = new Autosave(clock, context.scheduler(), serial, context.settings(), autosaveDue);
    }

    /** An op by {@code editor} was applied: an autosave becomes due. */
    void edited(String editor) {
        autosave.edited(editor);
    }

    /** The server stops: a pending autosave is made now rather than at its time. */
    void flushAutosave() {
        autosave.flush();
    }

    /** The document is going away (deleted, failed): no more autosaves. */
    void stopAutosave() {
        autosave.stop();
    }

    /**
     * Saves {@code document} as it is now (after every op applied so far). Automatic and API saves are skipped when
     * nothing changed since the last save; an explicit save always makes one. Everyone in the document is told
     * ({@link Participant#saved}) once it is committed.
     *
     * @param requestedBy client id of the participant that asked for the save, null for automatic and REST saves
     * @return the outcome, once the save is committed (or at once if there is none to make)
     */
    CompletableFuture<SaveResult> save(OpenDocument document, String savedBy, String requestedBy, SaveTrigger trigger,
                                       String label) {
        boolean deleted = document.isDeleted();
        if (document.isFailed() || deleted) {
            return CompletableFuture.completedFuture(SaveResult.refused(
                    deleted ? ErrorCode.DOCUMENT_DELETED : ErrorCode.INTERNAL_ERROR,
                    deleted ? "document " + documentId + " was deleted"
                            : "document unavailable after a storage failure"));
        }
        long version = document.version();
        if (trigger != SaveTrigger.EXPLICIT && version == savedDocumentVersion) {
            return CompletableFuture.completedFuture(SaveResult.unchanged());
        }
        autosave.saved();
        long previousSaved = savedDocumentVersion;
        savedDocumentVersion = version;
        SaveRequest request = new SaveRequest(version, document.title(), trigger, savedBy, clock.instant(), label,
                announcements);
        // Settled, never exceptional: a failed save is refused to its requester, it does not fail the document.
        CompletableFuture<SavedVersion> settled = store.save(documentId, request).handle((saved, error) -> {
            if (error != null) {
                log.error("save of document {} at version {} failed", documentId, request.documentVersion(), error);
            }
            return saved;
        });
        document.committing(settled.thenApply(ignored -> null));
        CompletableFuture<SaveResult> outcome = new CompletableFuture<>();
        outbox.after(settled, () -> {
            SavedVersion saved = settled.join();
            if (saved == null) {
                if (savedDocumentVersion == request.documentVersion()) {
                    savedDocumentVersion = previousSaved; // so that the next autosave tries again
                }
                outcome.complete(SaveResult.refused(ErrorCode.INTERNAL_ERROR, "storage failure while saving"));
                return;
            }
            announcements.committed();
            Saved told = Saved.of(saved);
            participants.tellAll(p -> p.saved(told, requestedBy));
            outcome.complete(SaveResult.of(saved));
        });
        return outcome;
    }
}
