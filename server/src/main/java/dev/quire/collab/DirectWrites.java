package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.store.DocumentStore;
import dev.quire.store.OutboxFactory;
import dev.quire.store.SaveTrigger;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to one open document from outside any session (REST): an edit or a whole-content replacement, which go
 * through the hub's own sequencing like any client's op and are then saved (trigger {@code api}); a rename; a
 * delete. Each is refused while the server stops, after a storage failure or a delete, and on a stale
 * {@code expectedVersion}.
 *
 * <p>Threading: every method runs on the document's serial executor (the hub hands the work over). Outcomes are
 * told through the {@link DirectParticipant} or future the caller passes, gated on the commit they depend on. A
 * rename and a delete wait for the store's fsync: that wait runs on the document's {@code storeCalls}, never on the
 * hub's pool, and the outcome comes back through the outbox (docs/architecture.md, "Nothing blocks a document").
 */
final class DirectWrites {
    /** The hub's logger, so that the log lines keep the name they had before this class was split out of it. */
    private static final Logger log = LoggerFactory.getLogger(DirectWrites.class);
    /**
     * Bound on the diff of a whole-content replacement (REST PUT), which runs on the document's thread: an
     * unbounded diff of two large unrelated texts would stall the document (and a pool thread) for minutes.
     * About 50 ms of work; a replacement beyond it is still exact, only its delta is coarser.
     */
    static final long MAX_DIFF_STEPS = 50_000_000;

    private final DocumentHub hub;
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

    DirectWrites(DocumentHub hub, DocumentStore store, Executor storeCalls, Clock clock, CommitOutbox outbox,
                 Participants participants, DocumentSaves saves, OutboxFactory announcements) {
        this.hub = hub;
        this.documentId = hub.id();
        this.store = store;
        this.storeCalls = storeCalls;
        this.clock = clock;
        this.outbox = outbox;
        this.participants = participants;
        this.saves = saves;
        this.announcements = announcements;
    }

    /**
     * A one-off op (a REST edit): the same path as a session's op, but the author is not a member, so nobody sees
     * it come or go. With {@code expectedVersion} the op is refused with {@link ErrorCode#VERSION_CONFLICT} unless
     * the document is at that version.
     *
     * @param received {@link System#nanoTime()} when the hub got the op, for the commit latency
     */
    void submit(Participant author, long seq, long baseVersion, Delta delta, Long expectedVersion,
                CompletableFuture<SaveResult> saved, long received) {
        if (refused(author, expectedVersion)) {
            saved.complete(SaveResult.unchanged());
            return;
        }
        long before = hub.version();
        hub.sequence(author, seq, baseVersion, delta, received);
        forgetClientOnceDurable(author.user().clientId());
        saveIfAdvanced(before, author, saved);
    }

    /**
     * Replaces the content with {@code replacement} by submitting the minimal change ({@link Delta#diff}) made
     * against the current version; no change commits nothing. Saved with {@code trigger}, or as an API save
     * when it is null.
     */
    void replace(Participant author, long seq, Delta replacement, Long expectedVersion, SaveTrigger trigger,
                 CompletableFuture<SaveResult> saved, long received) {
        if (refused(author, expectedVersion)) {
            saved.complete(SaveResult.unchanged());
            return;
        }
        Delta change = hub.content().diff(replacement, MAX_DIFF_STEPS);
        if (change.ops().isEmpty()) {
            long unchanged = hub.version();
            outbox.after(hub.lastCommit(), () -> author.acknowledged(seq, unchanged));
            saved.complete(SaveResult.unchanged());
            return;
        }
        long before = hub.version();
        hub.sequence(author, seq, before, change, received);
        forgetClientOnceDurable(author.user().clientId());
        if (trigger == null) {
            saveIfAdvanced(before, author, saved);
        } else if (hub.version() > before) {
            saves.save(author.user().name(), null, trigger, null, saved);
        } else {
            saved.complete(SaveResult.unchanged());
        }
    }

    /** Changes the title (stored; later welcomes carry it, and everyone in the document is told). */
    void rename(String newTitle, Long expectedVersion, String renamedBy, DirectParticipant outcome) {
        if (refused(outcome, expectedVersion)) {
            return;
        }
        Instant at = clock.instant();
        long now = hub.version();
        CompletableFuture<Boolean> stored = settled(() -> store.rename(documentId, newTitle, at), "rename");
        outbox.after(CompletableFuture.allOf(stored, hub.lastCommit()), () -> {
            Boolean renamed = stored.join();
            if (renamed == null) {
                outcome.rejected(ErrorCode.INTERNAL_ERROR, "storage failure while renaming", null);
            } else if (!renamed) {
                outcome.rejected(ErrorCode.DOCUMENT_NOT_FOUND, "document " + documentId + " does not exist", null);
            } else {
                hub.renamed(newTitle, at);
                participants.tellAll(p -> p.titleChanged(newTitle, renamedBy));
                outcome.acknowledged(0, now);
            }
        });
    }

    /**
     * Deletes the document once everything applied so far is durable, then disconnects every participant with
     * {@link ErrorCode#DOCUMENT_DELETED}. From now on the hub refuses joins and writes.
     */
    void delete(Long expectedVersion, String deletedBy, DirectParticipant outcome) {
        if (refused(outcome, expectedVersion)) {
            return;
        }
        hub.setDeleted(true);
        saves.stopAutosave();
        long last = hub.version();
        outbox.after(hub.lastCommit(), () -> {
            String title = hub.title();
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
                    hub.setDeleted(false);
                    outcome.rejected(ErrorCode.INTERNAL_ERROR, "storage failure while deleting", null);
                    return;
                }
                participants.disconnectAll(ErrorCode.DOCUMENT_DELETED, "document " + documentId + " was deleted");
                outcome.acknowledged(0, last);
            });
        });
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

    /** A REST write is saved (trigger {@code api}) when it changed the document, as one save of exactly its version. */
    private void saveIfAdvanced(long before, Participant author, CompletableFuture<SaveResult> saved) {
        if (hub.version() > before) {
            saves.save(author.user().name(), null, SaveTrigger.API, null, saved);
        } else {
            saved.complete(SaveResult.unchanged());
        }
    }

    private boolean refused(Participant author, Long expectedVersion) {
        if (hub.isClosing()) {
            author.rejected(ErrorCode.GOING_AWAY, "the server is shutting down; retry against the next one", null);
            return true;
        }
        if (hub.isFailed()) {
            author.rejected(ErrorCode.INTERNAL_ERROR, "document unavailable after a storage failure; retry", null);
            return true;
        }
        if (hub.isDeleted()) {
            author.rejected(ErrorCode.DOCUMENT_DELETED, "document " + documentId + " was deleted", null);
            return true;
        }
        long version = hub.version();
        if (expectedVersion != null && expectedVersion != version) {
            author.rejected(ErrorCode.VERSION_CONFLICT,
                    "expected version " + expectedVersion + " but the document is at version " + version, null);
            return true;
        }
        return false;
    }

    /**
     * Direct authors use a fresh client id per request: once the op is durable the store answers a resend
     * ({@code findBySeq}), so the in-memory entry is dropped instead of growing per request.
     */
    private void forgetClientOnceDurable(String clientId) {
        outbox.after(hub.lastCommit(), () -> hub.forgetClient(clientId));
    }
}
