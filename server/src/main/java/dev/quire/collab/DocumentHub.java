package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.OpPage;
import dev.quire.store.LoadedDocument;
import dev.quire.store.SaveTrigger;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open document: takes what its participants and REST writers ask for onto the document's {@link SerialExecutor}
 * and runs it over the document's state ({@link OpenDocument}, its one owner), telling participants what happened.
 *
 * <p>The path of an op: {@link #submit} → (rarely, {@link LateOps} reads what it was made on) → the {@link EditPath}:
 * {@link LocalCommits} on a store of one node ({@link EditSequencer}: admission, exactly once, checks, rebase, apply;
 * then {@link EditCommits}: append, and once the store answers, ack and broadcast through the {@link CommitOutbox}),
 * or {@link SharedCommits} on a store shared by nodes (sequenced into the next append, applied once committed). A
 * REST write takes the same path between the checks and the save of {@link DirectWrites}; a save is
 * {@link DocumentSaves}'s, the stop {@link HubShutdown}'s, what other nodes did {@link ChangesElsewhere}'s.
 * Everything a participant is told goes through the outbox, in order, gated on the commit it depends on.
 *
 * <p>Thread safety: every entry point hands its work to the serial executor; the state and every part are touched
 * only from there, except {@link #present()} and {@link #isQuiescent()}.
 */
final class DocumentHub {
    private static final Logger log = LoggerFactory.getLogger(DocumentHub.class);

    private final OpenDocument document;
    private final SerialExecutor serial;
    private final HubMetrics metrics;
    private final Consumer<DocumentHub> onFailure;
    /** Who is here; its {@link Participants#present()} may be read from any thread. */
    private final Participants participants;
    private final CommitOutbox outbox;
    private final DocumentSaves saves;
    /** {@link SharedCommits} on a store shared by nodes (only committed ops applied), else {@link LocalCommits}. */
    private final EditPath editPath;
    private final LateOps lateOps;
    private final DirectWrites directWrites;
    private final ChangesElsewhere elsewhere;
    private final HubShutdown shutdown;

    /** @param onFailure told once a commit failed, so that the next join loads the document afresh */
    DocumentHub(OpenDocument document, HubContext context, Consumer<DocumentHub> onFailure) {
        String id = document.id();
        this.document = document;
        this.serial = new SerialExecutor(context.pool(), id);
        this.metrics = context.metrics();
        this.onFailure = onFailure;
        this.participants = new Participants(id);
        this.outbox = new CommitOutbox(id, serial, this::fail);
        EditSequencer sequencer = new EditSequencer(context.store(), context.writeBudget(), context.settings(), metrics,
                context.clock());
        this.saves = new DocumentSaves(id, context, serial, outbox, participants, this::autosave);
        SharedCommits shared = context.store().sharedByNodes() ? new SharedCommits(document, context, serial, outbox,
                participants, sequencer, saves) : null;
        this.editPath = shared != null ? shared : new LocalCommits(sequencer,
                new EditCommits(id, context.store(), outbox, participants, metrics), outbox, participants, saves);
        this.lateOps = new LateOps(context, serial);
        // A document's renames and deletes wait for the store in order, on the store's threads, never the pool.
        this.directWrites = new DirectWrites(id, context, new SerialExecutor(context.storeIo(), id), outbox,
                participants, saves, editPath);
        this.elsewhere = new ChangesElsewhere(outbox, participants, saves, shared);
        this.shutdown = new HubShutdown(context.store(), outbox, participants, saves);
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
                elsewhere.joinedHere(participant.user().clientId());
                List<Presence> present = participants.add(participant);
                present.addAll(elsewhere.shownElsewhere());
                Welcome welcome = document.welcome(participant.user().clientId(), resumeFrom, present);
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

    /** A session's ops, on the sequence; on a base older than the history kept here, once {@code older} is read. */
    private void submitted(Participant author, long baseVersion, List<ClientOp> ops, long received, OpPage older) {
        // While closing, an op is dropped unacknowledged: its author resends it after reconnecting.
        if (document.isFailed() || document.isClosing() || !participants.contains(author)) {
            return;
        }
        if (older == null && lateOps.readFirst(document, baseVersion,
                page -> submitted(author, baseVersion, ops, received, page))) {
            return;
        }
        editPath.submit(document, new EditRequest(author, baseVersion, ops, older, received, applied -> { }));
    }

    /** What another node did to this document ({@link FromOtherNodes}). */
    void heard(NodeEvent event) {
        serial.execute(() -> elsewhere.apply(document, event));
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

    /** See {@link DirectWrites#edit}. */
    CompletableFuture<SaveResult> submitDirect(Participant author, long seq, long baseVersion, Delta delta,
                                               Long expectedVersion) {
        long received = System.nanoTime();
        return serial.supply(() -> directWrites.edit(document, author, expectedVersion, baseVersion,
                new ClientOp(seq, delta), received));
    }

    /** See {@link DirectWrites#replace}. */
    CompletableFuture<SaveResult> replaceDirect(Participant author, long seq, Delta replacement, Long expectedVersion) {
        long received = System.nanoTime();
        return serial.supply(() -> directWrites.replace(document, author, seq, replacement, expectedVersion, received));
    }

    /** See {@link DirectWrites#restore}. */
    CompletableFuture<SaveResult> restoreDirect(Participant author, long number, Delta content, Long expectedVersion) {
        long received = System.nanoTime();
        return serial.supply(() -> directWrites.restore(document, author, number, content, expectedVersion, received));
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

    /** See {@link DirectWrites#delete}. */
    CompletableFuture<EditResult> delete(Long expectedVersion, String deletedBy) {
        return serial.supply(() -> directWrites.delete(document, expectedVersion, deletedBy));
    }

    /** See {@link HubShutdown#run}. */
    CompletableFuture<Void> shutdown() {
        return serial.supply(() -> shutdown.run(document));
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
