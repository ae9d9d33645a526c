package dev.quire.collab;

import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one open document does when the server stops: makes a pending autosave now; stops taking ops and REST
 * writes; once every pending commit is durable, ends every session with {@link ErrorCode#GOING_AWAY} and writes a
 * snapshot at the last version (unless there is one), so the next start loads the document without replaying its
 * latest ops.
 *
 * <p>Threading: {@link #run} runs on the document's serial executor; the snapshot completes on the store's thread.
 */
final class HubShutdown {
    /** The hub's logger, so that the log lines keep the name they had before this class was split out of it. */
    private static final Logger log = LoggerFactory.getLogger(HubShutdown.class);

    private final DocumentHub hub;
    private final String documentId;
    private final DocumentStore store;
    private final CommitOutbox outbox;
    private final Participants participants;
    private final DocumentSaves saves;

    HubShutdown(DocumentHub hub, DocumentStore store, CommitOutbox outbox, Participants participants,
                DocumentSaves saves) {
        this.hub = hub;
        this.documentId = hub.id();
        this.store = store;
        this.outbox = outbox;
        this.participants = participants;
        this.saves = saves;
    }

    /**
     * Starts the sequence. {@code done} completes when the snapshot is durable, or at once if none was needed; a
     * failed snapshot is only logged (the op log has everything).
     */
    void run(CompletableFuture<Void> done) {
        // A pending autosave is made now: its saved version and webhook deliveries are committed with the
        // rest (the deliveries go out after the next start if the dispatcher has stopped by then).
        saves.flushAutosave();
        // From here on the content does not change, so the snapshot below stays the last version.
        hub.startClosing();
        // Taken now: the content at the hub's version, whose commit the outbox gate below waits for.
        DocumentSnapshot snapshot = !hub.isDeleted() && !hub.isFailed() && hub.version() > hub.snapshotVersion()
                ? new DocumentSnapshot(hub.version(), hub.content()) : null;
        outbox.after(hub.lastCommit(), () -> {
            participants.disconnectAll(ErrorCode.GOING_AWAY, "server shutting down");
            if (snapshot == null) {
                done.complete(null);
                return;
            }
            hub.setSnapshotVersion(snapshot.version());
            store.saveSnapshot(documentId, snapshot).whenComplete((ignored, error) -> {
                if (error != null) {
                    log.warn("document {}: snapshot at shutdown failed: {}", documentId, error.toString());
                }
                done.complete(null);
            });
        });
    }
}
