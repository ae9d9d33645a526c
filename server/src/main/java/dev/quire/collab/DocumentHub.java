package dev.quire.collab;

import dev.quire.doc.RichText;
import dev.quire.ot.Delta;
import dev.quire.ot.InvalidDeltaException;
import dev.quire.ot.Rebase;
import dev.quire.store.AppendReservation;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.LoadedDocument;
import dev.quire.store.OutboxFactory;
import dev.quire.store.SaveTrigger;
import dev.quire.store.StorageBusyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open document: sequences its ops, keeps its content, and tells participants what happened.
 *
 * <p>Thread safety: every entry point hands its work to the hub's {@link SerialExecutor}; all fields below the
 * marker, and every collaborator, are touched only from there. The edit path ({@link #sequence}) is: dedup by
 * (client id, seq) → transform against what was committed since the op's base → apply to the content → append to
 * the store → once durable, ack the author and broadcast to the others. Ops are applied in memory before their
 * commit completes, so the store can group many into one transaction; everything a participant is told goes
 * through the {@link CommitOutbox}, in order, gated on the commit it depends on.
 *
 * <p>Collaborators, each confined to the same executor: {@link Participants} (who is here, their selections, how
 * they are told), {@link RecentOps} (history kept for transforms and resumes), {@link CommittedSeqs} (exactly once
 * by client id and seq), {@link DocumentSaves} (saves,
 * autosave, webhook announcements of saves), {@link DirectWrites} (REST writes), {@link HubShutdown} (the
 * closing sequence when the server stops).
 */
final class DocumentHub {
    private static final Logger log = LoggerFactory.getLogger(DocumentHub.class);
    /** See {@link #snapshotDue}. */
    static final int SNAPSHOT_CHARS_PER_VERSION = 100;

    private final String id;
    private final DocumentStore store;
    private final SerialExecutor serial;
    private final Clock clock;
    private final HubSettings settings;
    private final Consumer<DocumentHub> onFailure;
    private final HubMetrics metrics;
    /** Who is here; its {@link Participants#present()} may be read from any thread. */
    private final Participants participants;

    // --- confined to the serial executor ---
    private String title;
    private final Instant createdAt;
    private Instant updatedAt;
    /** Deleted through this hub, or found deleted when opened: it only turns participants away. */
    private boolean deleted;
    /** The content at {@link #version}: a tree, so a small op on a large document stays cheap. */
    private final RichText content;
    private long version;
    /** The version of the newest snapshot in the store (as far as this hub knows). */
    private long snapshotVersion;
    /** Estimated bytes of the ops after {@link #snapshotVersion}: what a load of the document replays. */
    private long bytesSinceSnapshot;
    private final RecentOps recent;
    private final WriteBudget writeBudget;
    /** Exactly once: which of each client's ops are committed. */
    private final CommittedSeqs committed;
    private final CommitOutbox outbox;
    private CompletableFuture<Void> lastCommit = CompletableFuture.completedFuture(null);
    private boolean failed;
    /** The server is stopping ({@link #shutdown}): ops and REST writes are no longer accepted. */
    private boolean closing;
    private final DocumentSaves saves;
    private final DirectWrites directWrites;
    private final HubShutdown shutdown;

    /**
     * @param storeCalls runs this document's blocking store writes (rename, delete) in order, off the hub's pool:
     *                   see {@link DocumentHubs}
     */
    DocumentHub(LoadedDocument loaded, DocumentStore store, SerialExecutor serial, Executor storeCalls,
                ScheduledExecutorService scheduler, Clock clock, HubSettings settings, WriteBudget writeBudget,
                OutboxFactory announcements, HubMetrics metrics, Consumer<DocumentHub> onFailure) {
        this.id = loaded.info().id();
        this.metrics = metrics;
        this.title = loaded.info().title();
        this.createdAt = loaded.info().createdAt();
        this.updatedAt = loaded.info().updatedAt();
        this.store = store;
        this.serial = serial;
        this.clock = clock;
        this.settings = settings;
        this.onFailure = onFailure;
        this.participants = new Participants(id);
        this.recent = new RecentOps(id, store, settings.recentOpsKept(), settings.bytes().recentOps());
        this.writeBudget = writeBudget;
        this.committed = new CommittedSeqs(id, store);
        this.outbox = new CommitOutbox(id, serial, this::fail);
        this.content = RichText.of(loaded.snapshot().content());
        long at = loaded.snapshot().version();
        for (CommittedOp op : loaded.opsAfterSnapshot()) {
            content.apply(op.delta());
            at = op.version();
            bytesSinceSnapshot += recent.remember(op);
        }
        this.version = at;
        this.snapshotVersion = loaded.snapshot().version();
        this.saves = new DocumentSaves(this, store, serial, scheduler, clock, settings, outbox, participants,
                announcements);
        this.directWrites = new DirectWrites(this, store, storeCalls, clock, outbox, participants, saves, announcements);
        this.shutdown = new HubShutdown(this, store, outbox, participants, saves);
    }

    /** A hub standing for a deleted document, so that a join of its id is turned away instead of creating it. */
    static DocumentHub tombstone(String id, DocumentStore store, SerialExecutor serial, Executor storeCalls,
                                 ScheduledExecutorService scheduler, Clock clock, HubSettings settings) {
        Instant never = Instant.EPOCH;
        LoadedDocument none = new LoadedDocument(new DocumentInfo(id, "", 0, never, never),
                new DocumentSnapshot(0, Delta.ofText("\n")), List.of());
        DocumentHub hub = new DocumentHub(none, store, serial, storeCalls, scheduler, clock, settings,
                new WriteBudget(settings.bytes(), System::nanoTime), OutboxFactory.NONE, HubMetrics.NONE, ignored -> { });
        hub.deleted = true;
        return hub;
    }

    String id() {
        return id;
    }

    /** Who is in the document now (live sessions only, not REST writers), distinct by client id. Any thread. */
    List<User> present() {
        return participants.present();
    }

    // --- entry points: each hands its work to the serial executor (an op runs on the caller's thread if it is idle) ---

    void join(Participant participant, Long resumeFrom) {
        serial.execute(() -> {
            if (failed) {
                participant.disconnect(ErrorCode.INTERNAL_ERROR, "document unavailable");
                return;
            }
            if (deleted) {
                participant.disconnect(ErrorCode.DOCUMENT_DELETED, "document " + id + " was deleted");
                return;
            }
            if (closing) {
                participant.disconnect(ErrorCode.GOING_AWAY, "server shutting down");
                return;
            }
            replaceSessionOf(participant.user().clientId());
            List<Presence> others = participants.add(participant);
            Welcome welcome = welcomeFor(resumeFrom, others);
            User user = participant.user();
            outbox.after(lastCommit, () -> {
                participants.tell(participant, p -> p.welcome(welcome));
                participants.tellOthers(participant, p -> p.presenceChanged(new Presence(user, null)));
            });
        });
    }

    /**
     * One live session per client id: exactly-once counts on a client's seqs coming from one place, so two sessions
     * sharing them would have one's ops taken as the other's resends. Whoever joins with an id holds its secret
     * (the transport checks that), and is most often the same client back after a connection loss the server has not
     * noticed yet; so the newer session wins and the older one is closed, told why. It is taken out before the new
     * one is welcomed: an op of the old one not applied by now is dropped (its client was told it is gone), one
     * applied already is in the new one's resume welcome.
     */
    private void replaceSessionOf(String clientId) {
        Participant previous = participants.withClient(clientId);
        if (previous != null) {
            participants.remove(previous);
            participants.tell(previous, p -> p.disconnect(ErrorCode.SESSION_REPLACED,
                    "a newer connection joined with this client's identity"));
        }
    }

    /**
     * A resume gets the ops it missed if there are not too many of them, by count and by bytes (the bytes are read
     * no further than the bound); otherwise, as a fresh join, the content.
     */
    private Welcome welcomeFor(Long resumeFrom, List<Presence> others) {
        if (resumeFrom != null && resumeFrom <= version && version - resumeFrom <= settings.maxTransformDistance()) {
            List<CommittedOp> missed = recent.between(resumeFrom, version, settings.bytes().catchUp());
            if (missed != null) {
                return new Welcome(id, title, version, null, missed.stream().map(Edit::of).toList(), others);
            }
        }
        return new Welcome(id, title, version, content.toDelta(), null, others);
    }

    void leave(Participant participant) {
        serial.execute(() -> {
            if (!participants.contains(participant)) {
                return;
            }
            participants.remove(participant);
            String clientId = participant.user().clientId();
            if (!participants.hasClient(clientId)) {
                outbox.after(lastCommit, () -> participants.tellAll(p -> p.left(clientId)));
            }
        });
    }

    void submit(Participant author, long seq, long baseVersion, Delta delta) {
        long received = System.nanoTime();
        serial.executeHere(() -> {
            // While closing, an op is dropped unacknowledged: its author resends it after reconnecting.
            if (failed || closing || !participants.contains(author)) {
                return;
            }
            sequence(author, seq, baseVersion, delta, received);
        });
    }

    void submitAll(Participant author, long baseVersion, List<ClientOp> ops) {
        long received = System.nanoTime();
        serial.executeHere(() -> {
            if (failed || closing || !participants.contains(author)) {
                return;
            }
            sequenceAll(author, baseVersion, ops, received);
        });
    }

    void updatePresence(Participant participant, Selection selection) {
        serial.execute(() -> {
            if (failed || !participants.contains(participant)) {
                return;
            }
            Selection stored = participants.select(participant, selection, content.length());
            Presence presence = new Presence(participant.user(), stored);
            outbox.after(lastCommit, () -> participants.tellOthers(participant, p -> p.presenceChanged(presence)));
        });
    }

    /** See {@link DirectWrites#submit}. */
    void submitDirect(Participant author, long seq, long baseVersion, Delta delta, Long expectedVersion,
                      CompletableFuture<SaveResult> saved) {
        long received = System.nanoTime();
        serial.execute(() -> directWrites.submit(author, seq, baseVersion, delta, expectedVersion, saved, received));
    }

    /** See {@link DirectWrites#replace}. */
    void replaceDirect(Participant author, long seq, Delta replacement, Long expectedVersion, SaveTrigger trigger,
                       CompletableFuture<SaveResult> saved) {
        long received = System.nanoTime();
        serial.execute(() -> directWrites.replace(author, seq, replacement, expectedVersion, trigger, saved,
                received));
    }

    /** See {@link DocumentSaves#save}. */
    CompletableFuture<SaveResult> save(String savedBy, String requestedBy, SaveTrigger trigger, String label) {
        CompletableFuture<SaveResult> outcome = new CompletableFuture<>();
        serial.execute(() -> saves.save(savedBy, requestedBy, trigger, label, outcome));
        return outcome;
    }

    /** The committed state: taken now, handed over once everything applied so far is durable. */
    CompletableFuture<DocumentState> read() {
        CompletableFuture<DocumentState> result = new CompletableFuture<>();
        serial.execute(() -> {
            if (deleted || failed) {
                result.complete(null);
                return;
            }
            DocumentState state = new DocumentState(id, title, version, content.toDelta(), createdAt, updatedAt);
            outbox.after(lastCommit, () -> result.complete(state));
        });
        return result;
    }

    /** See {@link DirectWrites#rename}; {@code renamedBy} is the {@code by} of the {@code title} message. */
    CompletableFuture<EditResult> rename(String newTitle, Long expectedVersion, String renamedBy) {
        DirectParticipant outcome = new DirectParticipant(new User("", "", ""));
        serial.execute(() -> directWrites.rename(newTitle, expectedVersion, renamedBy, outcome));
        return outcome.result();
    }

    /** See {@link DirectWrites#delete}. */
    CompletableFuture<EditResult> delete(Long expectedVersion, String deletedBy) {
        DirectParticipant outcome = new DirectParticipant(new User("", "", ""));
        serial.execute(() -> directWrites.delete(expectedVersion, deletedBy, outcome));
        return outcome.result();
    }

    /** See {@link HubShutdown#run}. */
    CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        serial.execute(() -> shutdown.run(done));
        return done;
    }

    /** True when nothing is queued and nothing waits for a commit: with nobody holding it, the hub may be dropped. */
    boolean isQuiescent() {
        return serial.isIdle() && lastCommit.isDone();
    }

    // --- the edit path ---

    /**
     * Admission to the write queue, dedup, version checks, transform and apply of one op; runs on the hub's
     * sequence.
     *
     * @param received {@link System#nanoTime()} when the hub got the op, for the commit latency
     */
    void sequence(Participant author, long seq, long baseVersion, Delta delta, long received) {
        if (deleted) {
            author.rejected(ErrorCode.DOCUMENT_DELETED, "document " + id + " was deleted", seq);
            return;
        }
        // Admission first: a full write queue refuses at once, before even the dedup check (which may read the
        // store, and so wait for the very writer that is behind). A resend refused so is simply sent again later.
        long bytes = CommittedOp.estimatedBytes(delta, author.user().clientId(), author.user().name());
        AppendReservation room = admitted(author, seq, 1, bytes);
        if (room == null) {
            return;
        }
        CommittedOp op = null;
        try {
            CommittedSeqs.Check check = committed.check(author.user().clientId(), List.of(seq));
            if (check instanceof CommittedSeqs.Resent resent) {
                // Resent after a reconnect: never apply twice, but give the author the ack it missed.
                outbox.after(lastCommit, () -> author.acknowledged(resent.seq(), resent.version()));
                return;
            }
            if (check instanceof CommittedSeqs.Stale stale) {
                refuseStale(author, seq, stale);
                return;
            }
            if (!mayTransform(author, seq, baseVersion) || !withinWriteBudget(author, seq, bytes)) {
                return;
            }
            List<CommittedOp> since = opsSince(author, seq, baseVersion);
            if (since == null) {
                return;
            }
            boolean transformed = baseVersion < version;
            op = applyInMemory(author, seq, transformPast(since, delta), transformed);
            if (op != null) {
                commit(author, List.of(op), received, room);
            }
        } finally {
            if (op == null) {
                room.release(); // nothing was appended
            }
        }
    }

    /**
     * A client's batch: each op is made on top of the one before it, the first against {@code baseVersion}. They
     * are brought past what was committed since the base one at a time ({@link Rebase#past}, the committed ops keep
     * priority, as in {@link #transformPast}), applied with consecutive versions, appended atomically, and
     * acknowledged once with the last seq.
     *
     * <p>A refused op stops the batch: the ops before it stay (acknowledged by their last seq), it gets the error,
     * and the ops after it are dropped, since each was made on top of the refused one. A batch whose first op is
     * already committed is a resend (a batch commits atomically, so all of it is committed unless it was cut short
     * by a refusal); it gets the ack it missed.
     */
    private void sequenceAll(Participant author, long baseVersion, List<ClientOp> batch, long received) {
        long firstSeq = batch.get(0).seq();
        if (deleted) {
            author.rejected(ErrorCode.DOCUMENT_DELETED, "document " + id + " was deleted", firstSeq);
            return;
        }
        String clientId = author.user().clientId();
        long bytes = 0;
        for (ClientOp op : batch) {
            bytes += CommittedOp.estimatedBytes(op.delta(), clientId, author.user().name());
        }
        AppendReservation room = admitted(author, firstSeq, batch.size(), bytes); // first, as in sequence
        if (room == null) {
            return;
        }
        List<CommittedOp> applied = new ArrayList<>(batch.size());
        try {
            CommittedSeqs.Check check = committed.check(clientId, batch.stream().map(ClientOp::seq).toList());
            if (check instanceof CommittedSeqs.Resent resent) {
                acknowledgeResentBatch(author, batch, resent);
                return;
            }
            if (check instanceof CommittedSeqs.Stale stale) {
                refuseStale(author, firstSeq, stale);
                return;
            }
            if (mayTransform(author, firstSeq, baseVersion) && withinWriteBudget(author, firstSeq, bytes)) {
                applyBatch(author, baseVersion, batch, applied);
            }
            if (!applied.isEmpty()) {
                // The whole batch's room stays reserved until the append completes, even if it was cut short.
                commit(author, applied, received, room);
            }
        } finally {
            if (applied.isEmpty()) {
                room.release(); // nothing was appended
            }
        }
    }

    /** Transforms and applies the ops of a batch in memory, into {@code applied}, until one is refused. */
    private void applyBatch(Participant author, long baseVersion, List<ClientOp> batch, List<CommittedOp> applied) {
        String clientId = author.user().clientId();
        List<CommittedOp> since = opsSince(author, batch.get(0).seq(), baseVersion);
        if (since == null) {
            return;
        }
        boolean transformed = baseVersion < version;
        List<Delta> rebased = Rebase.past(since.stream().map(CommittedOp::delta).toList(),
                batch.stream().map(ClientOp::delta).toList());
        for (int i = 0; i < batch.size(); i++) {
            ClientOp next = batch.get(i);
            Delta change = rebased.get(i);
            CommittedOp op = applyInMemory(author, next.seq(), change, transformed);
            if (op == null) {
                int dropped = batch.size() - applied.size() - 1;
                if (dropped > 0) {
                    log.debug("dropped the {} ops after refused op #{} of {}", dropped, next.seq(), clientId);
                }
                break;
            }
            applied.add(op);
        }
    }

    /** A batch resent: the ack it missed, and a refusal of the first of its ops that were never applied, if any. */
    private void acknowledgeResentBatch(Participant author, List<ClientOp> batch, CommittedSeqs.Resent resent) {
        batch.stream().filter(op -> op.seq() > resent.seq()).findFirst().ifPresent(op -> author.rejected(
                ErrorCode.INVALID_SEQ, "op #" + op.seq() + " was not applied: this batch resends ops already"
                        + " committed (up to #" + resent.seq() + "; a batch cut short by a refused op); send it again"
                        + " in a new batch", op.seq()));
        outbox.after(lastCommit, () -> author.acknowledged(resent.seq(), resent.version()));
    }

    /**
     * A seq that does not grow, and is no resend of the client's last message: taken as new it could be appended
     * twice, and reusing a committed seq would have an edit acknowledged but never applied.
     */
    private void refuseStale(Participant author, long seq, CommittedSeqs.Stale stale) {
        author.rejected(ErrorCode.INVALID_SEQ, "seq " + seq + " is not larger than " + stale.lastSeq() + ", the last"
                + " seq this client committed to the document, and is not a resend of that op: seqs must grow", seq);
    }

    /** Whether an op (or batch) made against {@code baseVersion} can be brought up to now; refuses it otherwise. */
    private boolean mayTransform(Participant author, long seq, long baseVersion) {
        if (baseVersion > version) {
            author.rejected(ErrorCode.VERSION_IN_FUTURE,
                    "base version " + baseVersion + " is ahead of the document's version " + version, seq);
            return false;
        }
        if (version - baseVersion > settings.maxTransformDistance()) {
            author.rejected(ErrorCode.VERSION_TOO_OLD, "base version " + baseVersion + " is more than "
                    + settings.maxTransformDistance() + " versions behind " + version + "; reload the document", seq);
            return false;
        }
        return true;
    }

    /**
     * Charges an op (or batch) of about {@code bytes} to the document's and the author's write budgets; if either
     * is spent, refuses it with a retry hint (nothing is applied, so it can be sent again unchanged).
     */
    private boolean withinWriteBudget(Participant author, long seq, long bytes) {
        Optional<WriteBudget.Refusal> refusal = writeBudget.charge(id, author.writer(), bytes);
        if (refusal.isEmpty()) {
            return true;
        }
        author.rejected(ErrorCode.WRITE_BUDGET_EXCEEDED, refusal.get().detail(bytes), seq, refusal.get().retryAfter());
        return false;
    }

    /**
     * Room in the store's write queue for {@code count} ops of about {@code bytes}, taken before anything is applied;
     * null if the queue is full, and the op (or batch) refused with {@link ErrorCode#SERVER_BUSY} and a retry time:
     * nothing was applied, so it can be sent again unchanged, and nobody else's session is touched.
     */
    private AppendReservation admitted(Participant author, long seq, int count, long bytes) {
        try {
            return store.reserveAppend(count, bytes);
        } catch (StorageBusyException e) {
            metrics.storeBusy();
            author.rejected(ErrorCode.SERVER_BUSY, e.getMessage() + "; nothing was applied, send it again later", seq,
                    e.retryAfter());
            return null;
        }
    }

    /**
     * The ops committed after {@code baseVersion}, to bring an op made against it up to date; null (and the op
     * refused with {@link ErrorCode#VERSION_TOO_OLD}) if they are more bytes than the catch-up bound.
     */
    private List<CommittedOp> opsSince(Participant author, long seq, long baseVersion) {
        long bound = settings.bytes().catchUp();
        List<CommittedOp> since = recent.between(baseVersion, version, bound);
        if (since == null) {
            author.rejected(ErrorCode.VERSION_TOO_OLD, "the ops committed after base version " + baseVersion
                    + " are more than " + bound + " bytes; reload the document", seq);
        }
        return since;
    }

    /**
     * Brings a client's op, made against the version before {@code since}, up to the current version. Tie-break:
     * an op already committed happened first, so it has priority — at the same index its insert
     * stays before the incoming one ({@code committed.transform(incoming, true)}).
     */
    private static Delta transformPast(List<CommittedOp> since, Delta delta) {
        Delta change = delta;
        for (CommittedOp committed : since) {
            change = committed.delta().transform(change, true);
        }
        return change;
    }

    /**
     * Applies one op to the content and the hub's state (version, history, selections); not yet durable.
     *
     * @return the op as it will be committed, or null if it was refused (its author is told; nothing changed)
     */
    private CommittedOp applyInMemory(Participant author, long seq, Delta change, boolean transformed) {
        long nextLength = (long) content.length() + change.changeLength();
        if (nextLength > settings.maxDocumentLength()) {
            author.rejected(ErrorCode.TOO_LARGE, "the document would be " + nextLength
                    + " characters long; the limit is " + settings.maxDocumentLength(), seq);
            return null;
        }
        try {
            ContentPolicy.checkChange(change, content);
            content.apply(change); // validates first; a rejected change leaves the content as it was
        } catch (InvalidDeltaException | UnsupportedOperationException e) {
            author.rejected(ErrorCode.INVALID_DELTA, e.getMessage(), seq);
            return null;
        }
        User user = author.user();
        CommittedOp op = new CommittedOp(version + 1, user.clientId(), seq, change, user.name(), clock.instant());
        version = op.version();
        updatedAt = op.committedAt();
        bytesSinceSnapshot += recent.remember(op);
        saves.edited(user.name());
        participants.transformSelections(change);
        metrics.opApplied(transformed);
        return op;
    }

    /**
     * Appends ops just applied (one, or a batch) to the store and, once they are durable, acknowledges the last to
     * its author and broadcasts each to the others; {@code room} in the write queue is given back once the append
     * completes.
     *
     * @param received {@link System#nanoTime()} when the hub got them, for the commit latency
     */
    private void commit(Participant author, List<CommittedOp> ops, long received, AppendReservation room) {
        committed.applied(author.user().clientId(), ops);
        CompletableFuture<Void> commit = store.appendAll(id, ops);
        commit.whenComplete((ignored, error) -> room.release());
        lastCommit = commit;
        // When the commit completed, taken on the committing thread: the fan-out latency below starts there, so it
        // includes the wait for this document's sequence.
        CompletableFuture<Long> durableAt = commit.thenApply(ignored -> {
            long now = System.nanoTime();
            metrics.opCommitted(Duration.ofNanos(now - received));
            return now;
        });
        CommittedOp last = ops.get(ops.size() - 1);
        DocumentSnapshot snapshot = snapshotDue(last.version())
                ? new DocumentSnapshot(last.version(), content.toDelta()) : null;
        if (snapshot != null) {
            setSnapshotVersion(snapshot.version());
        }
        // Recipients are fixed now: whoever joins before the commit completes gets these ops in its
        // welcome (built from memory), so broadcasting them to them as well would apply them twice.
        List<Participant> recipients = participants.allExcept(author);
        outbox.after(durableAt, () -> {
            participants.tell(author, p -> p.acknowledged(last.seq(), last.version()));
            int told = 0;
            List<Edit> edits = ops.stream().map(Edit::of).toList(); // one instance per op for every recipient
            for (Participant p : recipients) {
                if (participants.contains(p)) {
                    for (Edit edit : edits) {
                        participants.tell(p, q -> q.remoteOp(edit));
                    }
                    told++;
                }
            }
            if (told > 0) {
                Duration fanOut = Duration.ofNanos(System.nanoTime() - durableAt.join());
                for (int i = 0; i < ops.size(); i++) {
                    metrics.broadcast(told, fanOut);
                }
            }
            if (snapshot != null) {
                store.saveSnapshot(id, snapshot);
            }
        });
    }

    /**
     * Whether to store a snapshot at {@code atVersion}: every {@code snapshotEvery} versions, or on a long document
     * every {@code length / SNAPSHOT_CHARS_PER_VERSION} versions if that is more. A snapshot costs time in
     * proportion to the document's length (on this thread, and on the store's writer), so a fixed interval made a
     * fast typist on a long document pay for the whole document every few hundred keystrokes (a third of the
     * server's time in the one-typist load profile at 300k characters); spaced by length, each op pays for at most
     * {@value #SNAPSHOT_CHARS_PER_VERSION} characters of snapshot, and a load replays at most that many ops more.
     *
     * <p>Also when the ops since the last snapshot reach {@link ByteLimits#snapshotEvery()} bytes, or twice the
     * document's length if that is more: a load replays them all from one list, and a few hundred large ops (an
     * insert and its delete, repeated, on a short document) made that list hundreds of megabytes. Spaced so, each
     * op still pays for no more snapshot than its own size.
     */
    private boolean snapshotDue(long atVersion) {
        long interval = Math.max(settings.snapshotEvery(), content.length() / SNAPSHOT_CHARS_PER_VERSION);
        return atVersion - snapshotVersion >= interval
                || bytesSinceSnapshot >= Math.max(settings.bytes().snapshotEvery(), 2L * content.length());
    }

    /**
     * A commit failed: memory is now ahead of storage, so nothing more may be acknowledged. Every
     * session is closed (clients reconnect and resend) and the hub is dropped so the next join
     * reloads the document from storage.
     */
    private void fail(CompletableFuture<?> failedCommit) {
        failed = true;
        metrics.commitFailed();
        saves.stopAutosave();
        failedCommit.exceptionally(e -> {
            log.error("commit failed for document {}; closing its sessions", id, e);
            return null;
        });
        outbox.clear();
        participants.disconnectAll(ErrorCode.INTERNAL_ERROR, "storage failure; reconnect");
        onFailure.accept(this);
    }

    // --- state the collaborators read and write, on the serial executor only ---

    long version() {
        return version;
    }

    String title() {
        return title;
    }

    /** The content at {@link #version}, as a delta. */
    Delta content() {
        return content.toDelta();
    }

    boolean isDeleted() {
        return deleted;
    }

    void setDeleted(boolean deleted) {
        this.deleted = deleted;
    }

    boolean isFailed() {
        return failed;
    }

    boolean isClosing() {
        return closing;
    }

    /** The server stops: from now on the content does not change. */
    void startClosing() {
        closing = true;
    }

    long snapshotVersion() {
        return snapshotVersion;
    }

    /** A snapshot at {@code snapshotVersion} is (being) stored; it is the current version's. */
    void setSnapshotVersion(long snapshotVersion) {
        this.snapshotVersion = snapshotVersion;
        bytesSinceSnapshot = 0;
    }

    /** The commit that whatever is told from now on waits for (an op's append, a save). */
    CompletableFuture<Void> lastCommit() {
        return lastCommit;
    }

    void setLastCommit(CompletableFuture<Void> commit) {
        lastCommit = commit;
    }

    void renamed(String newTitle, Instant at) {
        title = newTitle;
        updatedAt = at;
    }

    /** Drops a client's dedup entry: once its op is durable, the store answers a resend ({@code findBySeq}). */
    void forgetClient(String clientId) {
        committed.forget(clientId);
    }
}
