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
    private static final Logger log = LoggerFactory.getLogger(HubShutdown.class);

    private final DocumentStore store;
    private final CommitOutbox outbox;
    private final Participants participants;
    private final DocumentSaves saves;

    HubShutdown(DocumentStore store, CommitOutbox outbox, Participants participants, DocumentSaves saves) {
        this.store = store;
        this.outbox = outbox;
        this.participants = participants;
        this.saves = saves;
    }

    /**
     * Starts the sequence for {@code document}. The result completes when the snapshot is durable, or at once if
     * none was needed; a failed snapshot is only logged (the op log has everything).
     */
    CompletableFuture<Void> run(OpenDocument document) {
        // A pending autosave is made now: its saved version and webhook deliveries are committed with the
        // rest (the deliveries go out after the next start if the dispatcher has stopped by then).
        saves.flushAutosave();
        // From here on the content does not change, so the snapshot below stays the last version.
        document.closing();
        // Taken now: the content at the document's version, whose commit the outbox gate below waits for.
        DocumentSnapshot snapshot = document.lastSnapshot();
        CompletableFuture<Void> done = new CompletableFuture<>();
        outbox.after(document.lastCommit(), () -> {
            participants.disconnectAll(ErrorCode.GOING_AWAY, "server shutting down");
            if (snapshot == null) {
                done.complete(null);
                return;
            }
            store.saveSnapshot(document.id(), snapshot).whenComplete((ignored, error) -> {
                if (error != null) {
                    log.warn("document {}: snapshot at shutdown failed: {}", document.id(), error.toString());
                }
                done.complete(null);
            });
        });
        return done;
    }
}
