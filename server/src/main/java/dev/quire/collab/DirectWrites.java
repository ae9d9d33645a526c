package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.store.DocumentStore;
import dev.quire.store.OutboxFactory;
import dev.quire.store.SaveTrigger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to one open document from outside any session (REST), besides the edit path they share with sessions: the
 * checks before a write (refused while the server stops, after a storage failure or a delete, and on a stale
 * {@code expectedVersion}), what follows an edit (its save, trigger {@code api}), a rename and
 * a delete.
 *
 * <p>Threading: every method runs on the document's serial executor. Outcomes are told to the author (a
 * {@link DirectParticipant}) or returned as futures, gated on the commit they depend on. A rename and a delete
 * wait for the store's fsync: that wait runs on the document's {@code storeCalls}, never on the hub's pool, and the
 * outcome comes back through the outbox (docs/architecture.md, "Nothing blocks a document").
 */
final class DirectWrites {
    private static final Logger log = LoggerFactory.getLogger(DirectWrites.class);
    /**
     * Bound on the diff of a whole-content replacement (REST PUT), which runs on the document's thread: an
     * unbounded diff of two large unrelated texts would stall the document (and a pool thread) for minutes.
     * About 50 ms of work; a replacement beyond it is still exact, only its delta is coarser.
     */
    private static final long MAX_DIFF_STEPS = 50_000_000;
    /** Who renames and deletes, as far as the edit path knows: no client, since neither is an op. */
    private static final User NOBODY = new User("", "", "");

    private final String documentId;
    private final DocumentStore store;
    /** This document's blocking store writes, in order, on the store's own threads. */
    private final Executor storeCalls;
    private final Clock clock;
    private final CommitOutbox outbox;
    private final Participants participants;
    private final DocumentSaves saves;
    /** What a delete announces (webhooks), written in the delete's transaction. */
    private final OutboxFactory announcements;
    /** The edit path a REST edit shares with sessions' ops. */
    private final EditPath editPath;
    /** Told of renames and deletes made here, in a cluster. */
    private final OtherNodes otherNodes;

    DirectWrites(String documentId, HubContext context, Executor storeCalls, CommitOutbox outbox,
                 Participants participants, DocumentSaves saves, EditPath editPath) {
        this.documentId = documentId;
        this.store = context.store();
        this.storeCalls = storeCalls;
        this.clock = context.clock();
        this.outbox = outbox;
        this.participants = participants;
        this.saves = saves;
        this.announcements = context.announcements();
        this.editPath = editPath;
        this.otherNodes = context.otherNodes();
    }

    /**
     * A one-off op (a REST edit) unless {@link #refused}: the same path as a session's op, but the author is not a
     * member, so nobody sees it come or go; then saved ({@link #edited}).
     *
     * @param received {@link System#nanoTime()} when the hub got it
     */
    CompletableFuture<SaveResult> edit(OpenDocument document, Participant author, Long expectedVersion,
                                       long baseVersion, ClientOp op, long received) {
        if (refused(document, author, expectedVersion)) {
            return CompletableFuture.completedFuture(SaveResult.unchanged());
        }
        return submit(document, author, baseVersion, op, received, applied -> edited(document, author.user(), applied));
    }

    /**
     * Replaces the content with {@code replacement} by the minimal change ({@link Delta#diff}) made against the
     * current version, as {@link #edit}; no change commits nothing.
     */
    CompletableFuture<SaveResult> replace(OpenDocument document, Participant author, long seq, Delta replacement,
                                          Long expectedVersion, long received) {
        return replace(document, author, seq, replacement, expectedVersion, received, () -> { },
                applied -> edited(document, author.user(), applied));
    }

    /**
     * Brings back saved version {@code number}, whose content is {@code content}: as {@link #replace}, but the
     * content as it is now is saved first ({@link #beforeRestore}), so text others wrote since is kept in history,
     * and the result is saved as a restore by its author ({@link #restored}).
     */
    CompletableFuture<SaveResult> restore(OpenDocument document, Participant author, long number, Delta content,
                                          Long expectedVersion, long received) {
        return replace(document, author, 1, content, expectedVersion, received,
                () -> beforeRestore(document, author.user(), number),
                applied -> restored(document, author.user(), applied, number));
    }

    private CompletableFuture<SaveResult> replace(OpenDocument document, Participant author, long seq,
                                                  Delta replacement, Long expectedVersion, long received,
                                                  Runnable beforeChange,
                                                  Function<Boolean, CompletableFuture<SaveResult>> afterChange) {
        if (refused(document, author, expectedVersion)) {
            return CompletableFuture.completedFuture(SaveResult.unchanged());
        }
        Delta change = document.content().diff(replacement, MAX_DIFF_STEPS);
        if (change.ops().isEmpty()) {
            long unchanged = document.version();
            outbox.after(document.lastCommit(), () -> author.acknowledged(seq, unchanged));
            return CompletableFuture.completedFuture(SaveResult.unchanged());
        }
        beforeChange.run();
        return submit(document, author, document.version(), new ClientOp(seq, change), received, afterChange);
    }

    /** Sends one op of a direct author down the edit path; once it is applied (or not), {@code afterChange}. */
    private CompletableFuture<SaveResult> submit(OpenDocument document, Participant author, long baseVersion,
                                                 ClientOp op, long received,
                                                 Function<Boolean, CompletableFuture<SaveResult>> afterChange) {
        CompletableFuture<SaveResult> saved = new CompletableFuture<>();
        editPath.submit(document, new EditRequest(author, baseVersion, List.of(op), null, received,
                applied -> afterChange.apply(applied).whenComplete((result, error) -> {
                    if (error != null) {
                        saved.completeExceptionally(error);
                    } else {
                        saved.complete(result);
                    }
                })));
        return saved;
    }

    /**
     * Whether {@code document} refuses a write now; if so, {@code author} is told why. With {@code expectedVersion}
     * a write is refused with {@link ErrorCode#VERSION_CONFLICT} unless the document is at that version.
     */
    boolean refused(OpenDocument document, Participant author, Long expectedVersion) {
        if (document.isClosing()) {
            author.rejected(ErrorCode.GOING_AWAY, "the server is shutting down; retry against the next one", null);
        } else if (document.isFailed()) {
            author.rejected(ErrorCode.INTERNAL_ERROR, "document unavailable after a storage failure; retry", null);
        } else if (document.isDeleted()) {
            author.rejected(ErrorCode.DOCUMENT_DELETED, "document " + documentId + " was deleted", null);
        } else if (expectedVersion != null && expectedVersion != document.version()) {
            author.rejected(ErrorCode.VERSION_CONFLICT, "expected version " + expectedVersion
                    + " but the document is at version " + document.version(), null);
        } else {
            return false;
        }
        return true;
    }

    /**
     * What follows a REST edit that went down the edit path: saved (trigger {@code api}) if it changed the document, as one save of exactly its version. Direct authors use a fresh client id per request:
     * once the op is durable the store answers a resend ({@code findBySeq}), so the in-memory entry is dropped
     * instead of growing per request.
     */
    private CompletableFuture<SaveResult> edited(OpenDocument document, User author, boolean applied) {
        outbox.after(document.lastCommit(), () -> document.forgetClient(author.clientId()));
        return applied ? saves.save(document, author.name(), null, SaveTrigger.API, null)
                : CompletableFuture.completedFuture(SaveResult.unchanged());
    }

    /**
     * Before a restore changes the document: its content as it is now is saved (trigger {@code auto}, by the
     * restorer, labelled {@link RestoreLabels#before}) unless a save has it already, so text written since the last
     * save can be found in history after the restore took it away.
     */
    void beforeRestore(OpenDocument document, User restorer, long number) {
        saves.save(document, restorer.name(), null, SaveTrigger.AUTO, RestoreLabels.before(number));
    }

    /**
     * What follows a restore that went down the edit path: as {@link #edited}, but saved as a restore (trigger
     * {@code restore}, by the restorer, labelled {@link RestoreLabels#restored}), which everyone in the document is
     * told of through {@code saved}.
     */
    CompletableFuture<SaveResult> restored(OpenDocument document, User restorer, boolean applied, long number) {
        outbox.after(document.lastCommit(), () -> document.forgetClient(restorer.clientId()));
        return applied ? saves.save(document, restorer.name(), null, SaveTrigger.RESTORE,
                RestoreLabels.restored(number)) : CompletableFuture.completedFuture(SaveResult.unchanged());
    }

    /** Changes the title (stored; later welcomes carry it, and everyone in the document is told). */
    CompletableFuture<EditResult> rename(OpenDocument document, String newTitle, Long expectedVersion,
                                         String renamedBy) {
        DirectParticipant outcome = new DirectParticipant(NOBODY);
        if (refused(document, outcome, expectedVersion)) {
            return outcome.result();
        }
        Instant at = clock.instant();
        long now = document.version();
        CompletableFuture<Boolean> stored = settled(() -> store.rename(documentId, newTitle, at), "rename");
        outbox.after(CompletableFuture.allOf(stored, document.lastCommit()), () -> {
            Boolean renamed = stored.join();
            if (renamed == null) {
                outcome.rejected(ErrorCode.INTERNAL_ERROR, "storage failure while renaming", null);
            } else if (!renamed) {
                outcome.rejected(ErrorCode.DOCUMENT_NOT_FOUND, "document " + documentId + " does not exist", null);
            } else {
                document.renamed(newTitle, at);
                participants.tellAll(p -> p.titleChanged(newTitle, renamedBy));
                otherNodes.renamed(documentId, newTitle, renamedBy);
                outcome.acknowledged(0, now);
            }
        });
        return outcome.result();
    }

    /**
     * Deletes the document once everything applied so far is durable, then disconnects every participant with
     * {@link ErrorCode#DOCUMENT_DELETED}. From now on the document refuses joins and writes.
     */
    CompletableFuture<EditResult> delete(OpenDocument document, Long expectedVersion, String deletedBy) {
        DirectParticipant outcome = new DirectParticipant(NOBODY);
        if (refused(document, outcome, expectedVersion)) {
            return outcome.result();
        }
        document.deleted();
        saves.stopAutosave();
        long last = document.version();
        outbox.after(document.lastCommit(), () -> {
            String title = document.title();
            CompletableFuture<Boolean> stored = settled(() -> {
                Instant at = clock.instant();
                boolean deleted = store.delete(documentId, at, announcements.forDeleted(documentId, title, deletedBy,
                        at));
                if (deleted) {
                    announcements.committed();
                }
                return deleted;
            }, "delete");
            outbox.after(stored, () -> {
                if (stored.join() == null) {
                    document.deleteFailed();
                    outcome.rejected(ErrorCode.INTERNAL_ERROR, "storage failure while deleting", null);
                    return;
                }
                participants.disconnectAll(ErrorCode.DOCUMENT_DELETED, "document " + documentId + " was deleted");
                otherNodes.deleted(documentId);
                outcome.acknowledged(0, last);
            });
        });
        return outcome.result();
    }

    /**
     * Runs a blocking store write on {@code storeCalls}; the future is never exceptional (an outbox gate that fails
     * would fail the document): a storage failure is logged and completes it with null.
     */
    private CompletableFuture<Boolean> settled(Supplier<Boolean> write, String what) {
        return CompletableFuture.supplyAsync(write, storeCalls).exceptionally(error -> {
            log.error("could not {} document {}", what, documentId, error);
            return null;
        });
    }
}
