package dev.quire.collab;

import dev.quire.store.DocumentStore;
import dev.quire.store.OutboxFactory;
import dev.quire.store.SaveRequest;
import dev.quire.store.SaveTrigger;
import dev.quire.store.SavedVersion;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saves of one open document: explicit, API and automatic ({@link Autosave}), each written with its webhook
 * announcements in one transaction, and told to everyone in the document once it is committed.
 *
 * <p>Threading: confined to the document's serial executor (the autosave timer hops onto it before saving). It is
 * constructed with its hub on the store's threads, as the document loads ({@link DocumentHubs}), so reading the
 * latest save there waits on no I/O thread and no thread of the hubs' pool.
 * A save is a commit like an op's: what is told after it waits for it ({@link DocumentHub#setLastCommit}).
 */
final class DocumentSaves {
    /** The hub's logger, so that the log lines keep the name they had before this class was split out of it. */
    private static final Logger log = LoggerFactory.getLogger(DocumentSaves.class);

    private final DocumentHub hub;
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

    DocumentSaves(DocumentHub hub, DocumentStore store, SerialExecutor serial, ScheduledExecutorService scheduler,
                  Clock clock, HubSettings settings, CommitOutbox outbox, Participants participants,
                  OutboxFactory announcements) {
        this.hub = hub;
        this.documentId = hub.id();
        this.store = store;
        this.clock = clock;
        this.outbox = outbox;
        this.participants = participants;
        this.announcements = announcements;
        this.savedDocumentVersion = store.latestSave(documentId).map(SavedVersion::documentVersion).orElse(0L);
        this.autosave = new Autosave(clock, scheduler, serial, settings,
                editor -> save(editor, null, SaveTrigger.AUTO, null, new CompletableFuture<>()));
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
     * Saves the document as it is now (after every op applied so far). Automatic and API saves are skipped when
     * nothing changed since the last save; an explicit save always makes one. Everyone in the document is told
     * ({@link Participant#saved}) once it is committed.
     *
     * @param requestedBy client id of the participant that asked for the save, null for automatic and REST saves
     */
    void save(String savedBy, String requestedBy, SaveTrigger trigger, String label,
              CompletableFuture<SaveResult> outcome) {
        boolean deleted = hub.isDeleted();
        if (hub.isFailed() || deleted) {
            outcome.complete(SaveResult.refused(deleted ? ErrorCode.DOCUMENT_DELETED : ErrorCode.INTERNAL_ERROR,
                    deleted ? "document " + documentId + " was deleted"
                            : "document unavailable after a storage failure"));
            return;
        }
        long version = hub.version();
        if (trigger != SaveTrigger.EXPLICIT && version == savedDocumentVersion) {
            outcome.complete(SaveResult.unchanged());
            return;
        }
        autosave.saved();
        long previousSaved = savedDocumentVersion;
        savedDocumentVersion = version;
        SaveRequest request = new SaveRequest(version, hub.title(), trigger, savedBy, clock.instant(), label,
                announcements);
        // Settled, never exceptional: a failed save is refused to its requester, it does not fail the document.
        CompletableFuture<SavedVersion> settled = store.save(documentId, request).handle((saved, error) -> {
            if (error != null) {
                log.error("save of document {} at version {} failed", documentId, request.documentVersion(), error);
            }
            return saved;
        });
        hub.setLastCommit(settled.thenApply(ignored -> null));
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
    }
}
