package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.OpPage;
import dev.quire.store.LoadedDocument;
import dev.quire.store.SaveTrigger;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open document: takes what its participants and REST writers ask for onto the document's {@link SerialExecutor}
 * and runs it over the document's state ({@link OpenDocument}, its one owner), telling participants what happened.
 *
 * <p>The path of an op, here in {@link #edit}: {@link EditSequencer} (admission, exactly once, checks, rebase, apply)
 * → {@link EditCommits} (append; once the store answers, ack and broadcast through the {@link CommitOutbox}). A REST
 * write takes the same path between the checks and the save of {@link DirectWrites}; a save is
 * {@link DocumentSaves}'s, the stop {@link HubShutdown}'s. Ops are applied in memory before their commit completes,
 * so the store can group many into one transaction; everything a participant is told goes through the outbox, in
 * order, gated on the commit it depends on.
 *
 * <p>Thread safety: every entry point hands its work to the serial executor; the state and every part are touched
 * only from there, except {@link #present()} and {@link #isQuiescent()}.
 */
final class DocumentHub {
    private static final Logger log = LoggerFactory.getLogger(DocumentHub.class);

    private final OpenDocument document;
    private final SerialExecutor serial;
    private final HubMetrics metrics;
    private final DocumentStore store;
    private final Executor storeIo;
    private final HubSettings settings;
    private final Consumer<DocumentHub> onFailure;
    /** Who is here; its {@link Participants#present()} may be read from any thread. */
    private final Participants participants;
    private final CommitOutbox outbox;
    private final EditSequencer sequencer;
    private final EditCommits commits;
    private final DocumentSaves saves;
    private final DirectWrites directWrites;
    private final HubShutdown shutdown;
    /** The edit path on a store shared by nodes (only committed ops applied); null on a store of one node. */
    private final SharedCommits shared;

    /** @param onFailure told once a commit failed, so that the next join loads the document afresh */
    DocumentHub(OpenDocument document, HubContext context, Consumer<DocumentHub> onFailure) {
        String id = document.id();
        this.document = document;
        this.serial = new SerialExecutor(context.pool(), id);
        this.metrics = context.metrics();
        this.store = context.store();
        this.storeIo = context.storeIo();
        this.settings = context.settings();
        this.onFailure = onFailure;
        this.participants = new Participants(id);
        this.outbox = new CommitOutbox(id, serial, this::fail);
        this.sequencer = new EditSequencer(context.store(), context.writeBudget(), context.settings(), metrics,
                context.clock());
        this.commits = new EditCommits(id, context.store(), outbox, participants, metrics);
        this.saves = new DocumentSaves(id, context, serial, outbox, participants, this::autosave);
        // A document's renames and deletes wait for the store in order, on the store's threads, never the pool.
        this.directWrites = new DirectWrites(id, context, new SerialExecutor(context.storeIo(), id), outbox,
                participants, saves);
        this.shutdown = new HubShutdown(context.store(), outbox, participants, saves);
        this.shared = context.store().sharedByNodes() ? new SharedCommits(document, context, serial, outbox,
                participants, sequencer, saves, DocumentHub::tellRefused) : null;
    }

    /** The hub of a document loaded from the store. */
    static DocumentHub of(LoadedDocument loaded, HubContext context, Consumer<DocumentHub> onFailure) {
        return new DocumentHub(new OpenDocument(loaded, context.store(), context.settings()), context, onFailure);
    }

    /** A hub standing for a deleted document, so that a join of its id is turned away instead of creating it. */
    static DocumentHub tombstone(String id, HubContext context) {
        return new DocumentHub(OpenDocument.deletedOne(id, context.store(), context.settings()), context,
                ignored -> { });
    }

    /** Who is in the document now (live sessions only, not REST writers), distinct by client id. Any thread. */
    List<User> present() {
        return participants.present();
    }

    /** True when nothing is queued and nothing waits for a commit: with nobody holding it, the hub may be dropped. */
    boolean isQuiescent() {
        return serial.isIdle() && document.lastCommit().isDone();
    }

    /** The version of the document's copy here: any thread (a head check compares it with the committed head). */
    long version() {
        return document.version();
    }

    // --- entry points: each hands its work to the serial executor (an op runs on the caller's thread if it is idle) ---

    /**
     * @param committedRun what the store held of the participant's client as it joined (read off this sequence): its
     *                     ops at consecutive versions ending with its highest seq, or none
     */
    void join(Participant participant, Long resumeFrom, List<CommittedOp> committedRun) {
        serial.execute(() -> {
            if (!document.isDeleted()) {
                document.clientJoined(participant.user().clientId(), committedRun);
            }
            if (document.isFailed()) {
                participant.disconnect(ErrorCode.INTERNAL_ERROR, "document unavailable");
            } else if (document.isDeleted()) {
                participant.disconnect(ErrorCode.DOCUMENT_DELETED, "document " + document.id() + " was deleted");
            } else if (document.isClosing()) {
                participant.disconnect(ErrorCode.GOING_AWAY, "server shutting down");
            } else {
                participants.replaceSessionOf(participant.user().clientId());
                Welcome welcome = document.welcome(participant.user().clientId(), resumeFrom,
                        participants.add(participant));
                Presence arrived = new Presence(participant.user(), null);
                outbox.after(document.lastCommit(), () -> {
                    participants.tell(participant, p -> p.welcome(welcome));
                    participants.tellOthers(participant, p -> p.presenceChanged(arrived));
                });
            }
        });
    }

    void leave(Participant participant) {
        serial.execute(() -> {
            if (!participants.contains(participant)) {
                return;
            }
            participants.remove(participant);
            String clientId = participant.user().clientId();
            if (!participants.hasClient(clientId)) {
                outbox.after(document.lastCommit(), () -> participants.tellAll(p -> p.left(clientId)));
            }
        });
    }

    /** A session's ops: one, or a batch, each made on top of the one before it, the first against the base. */
    void submit(Participant author, long baseVersion, List<ClientOp> ops) {
        long received = System.nanoTime();
        serial.executeHere(() -> submitted(author, baseVersion, ops, received, null));
    }

    /**
     * A session's ops, on the sequence - which may be the thread that read them from the socket, so the store is
     * never read here: ops on a base older than the history kept in memory (rare) continue once the ops after it
     * are read on the store's threads ({@code older}).
     */
    private void submitted(Participant author, long baseVersion, List<ClientOp> ops, long received, OpPage older) {
        // While closing, an op is dropped unacknowledged: its author resends it after reconnecting.
        if (document.isFailed() || document.isClosing() || !participants.contains(author)) {
            return;
        }
        if (older == null && !document.keepsOpsSince(baseVersion)
                && document.version() - baseVersion <= settings.maxTransformDistance()) {
            long upTo = document.version();
            storeIo.execute(() -> {
                OpPage read;
                try {
                    read = store.ops(document.id(), baseVersion, upTo, settings.bytes().catchUp());
                } catch (RuntimeException e) {
                    log.warn("could not read ops {}..{} of document {} for a late op: {}", baseVersion + 1, upTo,
                            document.id(), e.toString());
                    read = new OpPage(List.of(), true);
                }
                OpPage page = read;
                serial.execute(() -> submitted(author, baseVersion, ops, received, page));
            });
            return;
        }
        edit(author, baseVersion, ops, older, received, applied -> { });
    }

    /** Ops another node committed (from the feed); ignored on a store of one node. */
    void fromFeed(List<CommittedOp> ops) {
        if (shared != null) {
            serial.execute(() -> shared.fromFeed(document, ops));
        }
    }

    /** The document's committed head is at least {@code version}: the ops missing here are read and applied. */
    void catchUpTo(long version) {
        if (shared != null) {
            serial.execute(() -> shared.catchUpTo(document, version));
        }
    }

    void updatePresence(Participant participant, Selection selection) {
        serial.execute(() -> {
            if (document.isFailed() || !participants.contains(participant)) {
                return;
            }
            Selection stored = participants.select(participant, selection, document.length());
            Presence presence = new Presence(participant.user(), stored);
            outbox.after(document.lastCommit(),
                    () -> participants.tellOthers(participant, p -> p.presenceChanged(presence)));
        });
    }

    /**
     * A one-off op (a REST edit): the same path as a session's op, but the author is not a member, so nobody sees it
     * come or go; then saved. See {@link DirectWrites#refused} for {@code expectedVersion}.
     */
    CompletableFuture<SaveResult> submitDirect(Participant author, long seq, long baseVersion, Delta delta,
                                               Long expectedVersion) {
        long received = System.nanoTime();
        return serial.supply(() -> {
            if (directWrites.refused(document, author, expectedVersion)) {
                return CompletableFuture.completedFuture(SaveResult.unchanged());
            }
            CompletableFuture<SaveResult> saved = new CompletableFuture<>();
            edit(author, baseVersion, List.of(new ClientOp(seq, delta)), null, received,
                    applied -> relay(directWrites.edited(document, author.user(), applied), saved));
            return saved;
        });
    }

    /**
     * Replaces the content with {@code replacement} by the minimal change ({@link Delta#diff}) made against the
     * current version, as {@link #submitDirect}; no change commits nothing.
     */
    CompletableFuture<SaveResult> replaceDirect(Participant author, long seq, Delta replacement, Long expectedVersion) {
        return replace(author, seq, replacement, expectedVersion, () -> { },
                applied -> directWrites.edited(document, author.user(), applied));
    }

    /**
     * Brings back saved version {@code number}, whose content is {@code content}: as {@link #replaceDirect}, but the
     * content as it is now is saved first ({@link DirectWrites#beforeRestore}), so text others wrote since is kept
     * in history, and the result is saved as a restore by its author ({@link DirectWrites#restored}).
     */
    CompletableFuture<SaveResult> restoreDirect(Participant author, long number, Delta content, Long expectedVersion) {
        return replace(author, 1, content, expectedVersion,
                () -> directWrites.beforeRestore(document, author.user(), number),
                applied -> directWrites.restored(document, author.user(), applied, number));
    }

    private CompletableFuture<SaveResult> replace(Participant author, long seq, Delta replacement,
                                                  Long expectedVersion, Runnable beforeChange,
                                                  Function<Boolean, CompletableFuture<SaveResult>> afterChange) {
        long received = System.nanoTime();
        return serial.supply(() -> {
            if (directWrites.refused(document, author, expectedVersion)) {
                return CompletableFuture.completedFuture(SaveResult.unchanged());
            }
            Delta change = document.content().diff(replacement, DirectWrites.MAX_DIFF_STEPS);
            if (change.ops().isEmpty()) {
                long unchanged = document.version();
                outbox.after(document.lastCommit(), () -> author.acknowledged(seq, unchanged));
                return CompletableFuture.completedFuture(SaveResult.unchanged());
            }
            beforeChange.run();
            CompletableFuture<SaveResult> saved = new CompletableFuture<>();
            edit(author, document.version(), List.of(new ClientOp(seq, change)), null, received,
                    applied -> relay(afterChange.apply(applied), saved));
            return saved;
        });
    }

    /** An autosave is due (on the sequence): {@code editor} made the last edit. */
    private void autosave(String editor) {
        saves.save(document, editor, null, SaveTrigger.AUTO, null);
    }

    /** See {@link DocumentSaves#save}. */
    CompletableFuture<SaveResult> save(String savedBy, String requestedBy, SaveTrigger trigger, String label) {
        return serial.supply(() -> saves.save(document, savedBy, requestedBy, trigger, label));
    }

    /** The committed state: taken now, handed over once everything applied so far is durable; null if gone. */
    CompletableFuture<DocumentState> read() {
        return serial.supply(() -> {
            if (document.isDeleted() || document.isFailed()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<DocumentState> state = new CompletableFuture<>();
            DocumentState now = document.state();
            outbox.after(document.lastCommit(), () -> state.complete(now));
            return state;
        });
    }

    /** See {@link DirectWrites#rename}; {@code renamedBy} is the {@code by} of the {@code title} message. */
    CompletableFuture<EditResult> rename(String newTitle, Long expectedVersion, String renamedBy) {
        return serial.supply(() -> directWrites.rename(document, newTitle, expectedVersion, renamedBy));
    }

    /** Another node renamed the document in the store: the copy here takes the title and its sessions are told. */
    void renamedElsewhere(String newTitle, String renamedBy, Instant at) {
        serial.execute(() -> {
            if (document.isDeleted() || document.isFailed()) {
                return;
            }
            document.renamed(newTitle, at);
            outbox.after(document.lastCommit(), () -> participants.tellAll(p -> p.titleChanged(newTitle, renamedBy)));
        });
    }

    /** A participant of another node is here: shown to every session here (it receives nothing itself). */
    void presentElsewhere(Presence presence) {
        serial.execute(() -> {
            if (!document.isDeleted() && !document.isFailed()
                    && !participants.hasClient(presence.user().clientId())) {
                outbox.after(document.lastCommit(), () -> participants.tellAll(p -> p.presenceChanged(presence)));
            }
        });
    }

    /** A participant of another node left: every session here is told, unless that client is now here. */
    void leftElsewhere(String clientId) {
        serial.execute(() -> {
            if (!document.isDeleted() && !document.isFailed() && !participants.hasClient(clientId)) {
                outbox.after(document.lastCommit(), () -> participants.tellAll(p -> p.left(clientId)));
            }
        });
    }

    /**
     * Another node deleted the document in the store: from now on it refuses joins and writes here too, and its
     * sessions are closed with {@link ErrorCode#DOCUMENT_DELETED}.
     */
    void deletedElsewhere() {
        serial.execute(() -> {
            if (document.isDeleted()) {
                return;
            }
            document.deleted();
            saves.stopAutosave();
            outbox.after(document.lastCommit(), () -> participants.disconnectAll(ErrorCode.DOCUMENT_DELETED,
                    "document " + document.id() + " was deleted"));
        });
    }

    /** See {@link DirectWrites#delete}. */
    CompletableFuture<EditResult> delete(Long expectedVersion, String deletedBy) {
        return serial.supply(() -> directWrites.delete(document, expectedVersion, deletedBy));
    }

    /** See {@link HubShutdown#run}. */
    CompletableFuture<Void> shutdown() {
        return serial.supply(() -> shutdown.run(document));
    }

    // --- the edit path ---

    private static <T> void relay(CompletableFuture<T> from, CompletableFuture<T> to) {
        from.whenComplete((value, error) -> {
            if (error != null) {
                to.completeExceptionally(error);
            } else {
                to.complete(value);
            }
        });
    }

    /**
     * The one edit path (an op is a batch of one): sequenced over the document, the author told of a refusal at
     * once, what was applied committed. On a store shared by nodes, the message joins the next append instead
     * ({@link SharedCommits}), and is applied once committed.
     *
     * @param received {@link System#nanoTime()} when the hub got the ops, for the commit latency
     * @param then     told on the sequence whether anything was applied: at once here, once committed on a store
     *                 shared by nodes
     */
    private void edit(Participant author, long baseVersion, List<ClientOp> ops, OpPage older, long received,
                      Consumer<Boolean> then) {
        if (shared != null) {
            shared.submit(document, new SharedCommits.Message(author, baseVersion, ops, older, received, then));
            return;
        }
        then.accept(applied(author, baseVersion, ops, older, received));
    }

    /** {@link #edit} on a store of one node: applied now, committed in the background; whether anything was. */
    private boolean applied(Participant author, long baseVersion, List<ClientOp> ops, OpPage older, long received) {
        EditSequencer.Sequenced outcome = sequencer.sequence(document, null, author.user(), author.writer(),
                baseVersion, ops, older);
        if (outcome instanceof EditSequencer.Refused refused) {
            tellRefused(author, refused);
        } else if (outcome instanceof EditSequencer.Resent resent) {
            // Resent after a reconnect: never applied twice, but the author gets the ack it missed.
            tellRefused(author, resent.unapplied());
            outbox.after(document.lastCommit(), () -> author.acknowledged(resent.seq(), resent.version()));
        } else if (outcome instanceof EditSequencer.Applied applied) {
            tellRefused(author, applied.cutShort());
            applied.ops().forEach(op -> participants.transformSelections(op.delta()));
            saves.edited(author.user().name());
            DocumentSnapshot snapshot = document.snapshotIfDue();
            document.committing(commits.append(author, applied.ops(), applied.room(), received, snapshot));
            return true;
        }
        return false;
    }

    private static void tellRefused(Participant author, EditSequencer.Refused refused) {
        if (refused == null) {
            return;
        }
        if (refused.retryAfter() == null) {
            author.rejected(refused.code(), refused.detail(), refused.seq());
        } else {
            author.rejected(refused.code(), refused.detail(), refused.seq(), refused.retryAfter());
        }
    }

    /**
     * A commit failed: memory is now ahead of storage, so nothing more may be acknowledged. Every session is closed
     * (clients reconnect and resend) and the hub is dropped so the next join reloads the document from storage.
     */
    private void fail(CompletableFuture<?> failedCommit) {
        document.failed();
        metrics.commitFailed();
        saves.stopAutosave();
        failedCommit.exceptionally(e -> {
            log.error("commit failed for document {}; closing its sessions", document.id(), e);
            return null;
        });
        outbox.clear();
        // Dropped before its sessions are closed: a client that reconnects at once must find the document loaded
        // afresh, not this failed copy turning it away.
        onFailure.accept(this);
        participants.disconnectAll(ErrorCode.INTERNAL_ERROR, "storage failure; reconnect");
    }
}
