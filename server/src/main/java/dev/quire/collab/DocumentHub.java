package dev.quire.collab;

import dev.quire.doc.RichText;
import dev.quire.ot.Delta;
import dev.quire.ot.InvalidDeltaException;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.LoadedDocument;
import dev.quire.store.OutboxFactory;
import dev.quire.store.SaveRequest;
import dev.quire.store.SaveTrigger;
import dev.quire.store.SavedVersion;
import dev.quire.store.DocumentInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open document: sequences its ops, keeps its content, and tells participants what happened.
 *
 * <p>Thread safety: every method hands its work to the hub's {@link SerialExecutor}; all fields
 * below the marker are touched only from there. The edit path is: transform against what was
 * committed since the op's base → apply to the content → append to the store → once durable,
 * ack the author and broadcast to the others. Ops are applied in memory before their commit
 * completes, so the store can group many into one transaction; everything a participant is told
 * goes through the {@link CommitOutbox}, in order, gated on the commit it depends on.
 */
final class DocumentHub {
    private static final Logger log = LoggerFactory.getLogger(DocumentHub.class);
    /**
     * Bound on the diff of a whole-content replacement (REST PUT), which runs on the document's thread: an
     * unbounded diff of two large unrelated texts would stall the document (and a pool thread) for minutes.
     * About 50 ms of work; a replacement beyond it is still exact, only its delta is coarser.
     */
    static final long MAX_DIFF_STEPS = 50_000_000;

    private final String id;
    private final DocumentStore store;
    private final SerialExecutor serial;
    private final Clock clock;
    private final HubSettings settings;
    private final Consumer<DocumentHub> onFailure;
    private final HubMetrics metrics;
    /** Participants counted synchronously by the registry, so it can decide to unload without racing a join. */
    final AtomicInteger members = new AtomicInteger();
    /**
     * Who is in the document now, one entry per client id in order of arrival: an immutable list replaced (on the
     * serial executor) whenever a participant joins or leaves, so that any thread may read it without queueing.
     */
    private volatile List<User> present = List.of();

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
    private final ArrayDeque<CommittedOp> recent = new ArrayDeque<>();
    private final Map<Participant, Selection> participants = new LinkedHashMap<>();
    private final Map<String, ClientSeq> clients = new HashMap<>();
    private final CommitOutbox outbox;
    private CompletableFuture<Void> lastCommit = CompletableFuture.completedFuture(null);
    private boolean failed;
    /** The server is stopping ({@link #shutdown}): ops and REST writes are no longer accepted. */
    private boolean closing;
    /** The document version the latest save captured (0 if never saved): automatic and API saves skip it. */
    private long savedDocumentVersion;
    private final Autosave autosave;
    /** What a save announces (webhooks), written in the save's transaction. */
    private final OutboxFactory announcements;

    private record ClientSeq(long seq, long version) {
    }

    DocumentHub(LoadedDocument loaded, DocumentStore store, SerialExecutor serial, ScheduledExecutorService scheduler,
                Clock clock, HubSettings settings, OutboxFactory announcements, HubMetrics metrics,
                Consumer<DocumentHub> onFailure) {
        this.id = loaded.info().id();
        this.metrics = metrics;
        this.announcements = announcements;
        this.title = loaded.info().title();
        this.createdAt = loaded.info().createdAt();
        this.updatedAt = loaded.info().updatedAt();
        this.store = store;
        this.serial = serial;
        this.clock = clock;
        this.settings = settings;
        this.onFailure = onFailure;
        this.outbox = new CommitOutbox(id, serial, this::fail);
        this.content = RichText.of(loaded.snapshot().content());
        long at = loaded.snapshot().version();
        for (CommittedOp op : loaded.opsAfterSnapshot()) {
            content.apply(op.delta());
            at = op.version();
            remember(op);
        }
        this.version = at;
        this.snapshotVersion = loaded.snapshot().version();
        this.savedDocumentVersion = store.latestSave(id).map(SavedVersion::documentVersion).orElse(0L);
        this.autosave = new Autosave(clock, scheduler, serial, settings,
                editor -> saveNow(editor, null, SaveTrigger.AUTO, null, new CompletableFuture<>()));
    }

    /** A hub standing for a deleted document, so that a join of its id is turned away instead of creating it. */
    static DocumentHub tombstone(String id, DocumentStore store, SerialExecutor serial,
                                 ScheduledExecutorService scheduler, Clock clock, HubSettings settings) {
        Instant never = Instant.EPOCH;
        LoadedDocument none = new LoadedDocument(new DocumentInfo(id, "", 0, never, never),
                new DocumentSnapshot(0, Delta.ofText("\n")), List.of());
        DocumentHub hub = new DocumentHub(none, store, serial, scheduler, clock, settings, OutboxFactory.NONE,
                HubMetrics.NONE, ignored -> { });
        hub.deleted = true;
        return hub;
    }

    String id() {
        return id;
    }

    /** Who is in the document now (live sessions only, not REST writers), distinct by client id. Any thread. */
    List<User> present() {
        return present;
    }

    /** Replaces {@link #present} from {@link #participants}; call on the serial executor after each change. */
    private void refreshPresent() {
        Map<String, User> byClient = new LinkedHashMap<>();
        for (Participant p : participants.keySet()) {
            byClient.putIfAbsent(p.user().clientId(), p.user());
        }
        present = List.copyOf(byClient.values());
    }

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
            List<Presence> present = presentOthers(participant);
            participants.put(participant, null);
            refreshPresent();
            Welcome welcome = welcomeFor(resumeFrom, present);
            User user = participant.user();
            outbox.after(lastCommit, () -> {
                tell(participant, p -> p.welcome(welcome));
                forOthers(participant, p -> p.presenceChanged(new Presence(user, null)));
            });
        });
    }

    private Welcome welcomeFor(Long resumeFrom, List<Presence> present) {
        if (resumeFrom != null && resumeFrom <= version && version - resumeFrom <= settings.maxTransformDistance()) {
            return new Welcome(id, title, version, null, opsAfter(resumeFrom), present);
        }
        return new Welcome(id, title, version, content.toDelta(), null, present);
    }

    void leave(Participant participant) {
        serial.execute(() -> {
            if (!participants.containsKey(participant)) {
                return;
            }
            participants.remove(participant);
            refreshPresent();
            String clientId = participant.user().clientId();
            boolean stillThere = participants.keySet().stream().anyMatch(p -> p.user().clientId().equals(clientId));
            if (!stillThere) {
                outbox.after(lastCommit, () -> forOthers(null, p -> p.left(clientId)));
            }
        });
    }

    void submit(Participant author, long seq, long baseVersion, Delta delta) {
        long received = System.nanoTime();
        serial.execute(() -> {
            // While closing, an op is dropped unacknowledged: its author resends it after reconnecting.
            if (failed || closing || !participants.containsKey(author)) {
                return;
            }
            sequence(author, seq, baseVersion, delta, received);
        });
    }

    /**
     * A one-off op from outside any session (a REST edit): the same path as {@link #submit}, but
     * the author is not a member, so nobody sees it come or go. With {@code expectedVersion} the op
     * is refused with {@link ErrorCode#VERSION_CONFLICT} unless the document is at that version.
     */
    void submitDirect(Participant author, long seq, long baseVersion, Delta delta, Long expectedVersion,
                      CompletableFuture<SaveResult> saved) {
        long received = System.nanoTime();
        serial.execute(() -> {
            if (refusedDirect(author, expectedVersion)) {
                saved.complete(SaveResult.unchanged());
                return;
            }
            long before = version;
            sequence(author, seq, baseVersion, delta, received);
            forgetDirectClient(author.user().clientId());
            saveIfAdvanced(before, author, saved);
        });
    }

    /** A REST write is saved (trigger {@code api}) when it changed the document, as one save of exactly its version. */
    private void saveIfAdvanced(long before, Participant author, CompletableFuture<SaveResult> saved) {
        if (version > before) {
            saveNow(author.user().name(), null, SaveTrigger.API, null, saved);
        } else {
            saved.complete(SaveResult.unchanged());
        }
    }

    /**
     * Replaces the content with {@code replacement} by submitting the minimal change
     * ({@link Delta#diff}) made against the current version; no change commits nothing.
     */
    void replaceDirect(Participant author, long seq, Delta replacement, Long expectedVersion, SaveTrigger trigger,
                       CompletableFuture<SaveResult> saved) {
        long received = System.nanoTime();
        serial.execute(() -> {
            if (refusedDirect(author, expectedVersion)) {
                saved.complete(SaveResult.unchanged());
                return;
            }
            Delta change = content.toDelta().diff(replacement, MAX_DIFF_STEPS);
            if (change.ops().isEmpty()) {
                long unchanged = version;
                outbox.after(lastCommit, () -> author.acknowledged(seq, unchanged));
                saved.complete(SaveResult.unchanged());
                return;
            }
            long before = version;
            sequence(author, seq, version, change, received);
            forgetDirectClient(author.user().clientId());
            if (trigger == null) {
                saveIfAdvanced(before, author, saved);
            } else if (version > before) {
                saveNow(author.user().name(), null, trigger, null, saved);
            } else {
                saved.complete(SaveResult.unchanged());
            }
        });
    }

    /**
     * Saves the document as it is now (after every op applied so far). Automatic and API saves are skipped when
     * nothing changed since the last save; an explicit save always makes one. Everyone in the document is told
     * ({@link Participant#saved}) once it is committed.
     */
    CompletableFuture<SaveResult> save(String savedBy, String requestedBy, SaveTrigger trigger, String label) {
        CompletableFuture<SaveResult> outcome = new CompletableFuture<>();
        serial.execute(() -> saveNow(savedBy, requestedBy, trigger, label, outcome));
        return outcome;
    }

    /** @param requestedBy client id of the participant that asked for the save, null for automatic and REST saves */
    private void saveNow(String savedBy, String requestedBy, SaveTrigger trigger, String label,
                         CompletableFuture<SaveResult> outcome) {
        if (failed || deleted) {
            outcome.complete(SaveResult.refused(deleted ? ErrorCode.DOCUMENT_DELETED : ErrorCode.INTERNAL_ERROR,
                    deleted ? "document " + id + " was deleted" : "document unavailable after a storage failure"));
            return;
        }
        if (trigger != SaveTrigger.EXPLICIT && version == savedDocumentVersion) {
            outcome.complete(SaveResult.unchanged());
            return;
        }
        autosave.saved();
        long previousSaved = savedDocumentVersion;
        savedDocumentVersion = version;
        SaveRequest request = new SaveRequest(version, title, trigger, savedBy, clock.instant(), label,
                announcements);
        // Settled, never exceptional: a failed save is refused to its requester, it does not fail the document.
        CompletableFuture<SavedVersion> settled = store.save(id, request).handle((saved, error) -> {
            if (error != null) {
                log.error("save of document {} at version {} failed", id, request.documentVersion(), error);
            }
            return saved;
        });
        lastCommit = settled.thenApply(ignored -> null);
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
            forOthers(null, p -> p.saved(saved, requestedBy));
            outcome.complete(SaveResult.of(saved));
        });
    }

    private boolean refusedDirect(Participant author, Long expectedVersion) {
        if (closing) {
            author.rejected(ErrorCode.GOING_AWAY, "the server is shutting down; retry against the next one", null);
            return true;
        }
        if (failed) {
            author.rejected(ErrorCode.INTERNAL_ERROR, "document unavailable after a storage failure; retry", null);
            return true;
        }
        if (deleted) {
            author.rejected(ErrorCode.DOCUMENT_DELETED, "document " + id + " was deleted", null);
            return true;
        }
        if (expectedVersion != null && expectedVersion != version) {
            author.rejected(ErrorCode.VERSION_CONFLICT,
                    "expected version " + expectedVersion + " but the document is at version " + version, null);
            return true;
        }
        return false;
    }

    /**
     * Direct authors use a fresh client id per request: once the op is durable the store answers
     * a resend ({@code findBySeq}), so the in-memory entry is dropped instead of growing per request.
     */
    private void forgetDirectClient(String clientId) {
        outbox.after(lastCommit, () -> clients.remove(clientId));
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

    /** Changes the title (stored; later welcomes carry it, and everyone in the document is told). */
    CompletableFuture<EditResult> rename(String newTitle, Long expectedVersion) {
        return rename(newTitle, expectedVersion, DocumentHubs.DEFAULT_CREATOR);
    }

    /** As {@link #rename(String, Long)}, saying who renamed it (the {@code by} of the {@code title} message). */
    CompletableFuture<EditResult> rename(String newTitle, Long expectedVersion, String renamedBy) {
        DirectParticipant outcome = new DirectParticipant(new User("", "", ""));
        serial.execute(() -> {
            if (refusedDirect(outcome, expectedVersion)) {
                return;
            }
            Instant at = clock.instant();
            if (!store.rename(id, newTitle, at)) {
                outcome.rejected(ErrorCode.DOCUMENT_NOT_FOUND, "document " + id + " does not exist", null);
                return;
            }
            title = newTitle;
            updatedAt = at;
            long now = version;
            outbox.after(lastCommit, () -> {
                forOthers(null, p -> p.titleChanged(newTitle, renamedBy));
                outcome.acknowledged(0, now);
            });
        });
        return outcome.result();
    }

    /**
     * Deletes the document once everything applied so far is durable, then disconnects every
     * participant with {@link ErrorCode#DOCUMENT_DELETED}. From now on the hub refuses joins and writes.
     */
    CompletableFuture<EditResult> delete(Long expectedVersion, String deletedBy) {
        DirectParticipant outcome = new DirectParticipant(new User("", "", ""));
        serial.execute(() -> {
            if (refusedDirect(outcome, expectedVersion)) {
                return;
            }
            deleted = true;
            autosave.stop();
            long last = version;
            outbox.after(lastCommit, () -> {
                try {
                    Instant at = clock.instant();
                    if (store.delete(id, at, announcements.forDeleted(id, title, deletedBy, at))) {
                        announcements.committed();
                    }
                } catch (RuntimeException e) {
                    deleted = false;
                    log.error("could not delete document {}", id, e);
                    outcome.rejected(ErrorCode.INTERNAL_ERROR, "storage failure while deleting", null);
                    return;
                }
                List<Participant> all = new ArrayList<>(participants.keySet());
                participants.clear();
                refreshPresent();
                all.forEach(p -> p.disconnect(ErrorCode.DOCUMENT_DELETED, "document " + id + " was deleted"));
                outcome.acknowledged(0, last);
            });
        });
        return outcome.result();
    }

    /**
     * Dedup, version checks, transform and apply of one op; runs on the hub's sequence.
     *
     * @param received {@link System#nanoTime()} when the hub got the op, for the commit latency
     */
    private void sequence(Participant author, long seq, long baseVersion, Delta delta, long received) {
        if (deleted) {
            author.rejected(ErrorCode.DOCUMENT_DELETED, "document " + id + " was deleted", seq);
            return;
        }
        String clientId = author.user().clientId();
        Optional<Long> duplicateOf = committedVersionOf(clientId, seq);
        if (duplicateOf.isPresent()) {
            // Resent after a reconnect: never apply twice, but give the author the ack it missed.
            long committedAs = duplicateOf.get();
            outbox.after(lastCommit, () -> author.acknowledged(seq, committedAs));
            return;
        }
        if (baseVersion > version) {
            author.rejected(ErrorCode.VERSION_IN_FUTURE,
                    "base version " + baseVersion + " is ahead of the document's version " + version, seq);
            return;
        }
        if (version - baseVersion > settings.maxTransformDistance()) {
            author.rejected(ErrorCode.VERSION_TOO_OLD, "base version " + baseVersion + " is more than "
                    + settings.maxTransformDistance() + " versions behind " + version + "; reload the document", seq);
            return;
        }
        apply(author, seq, transformSince(baseVersion, delta), baseVersion < version, received);
    }

    /**
     * Brings a client's op, made against {@code baseVersion}, up to the current version. Tie-break:
     * an op already committed happened first, so it has priority — at the same index its insert
     * stays before the incoming one ({@code committed.transform(incoming, true)}).
     */
    private Delta transformSince(long baseVersion, Delta delta) {
        Delta change = delta;
        for (CommittedOp committed : opsAfter(baseVersion)) {
            change = committed.delta().transform(change, true);
        }
        return change;
    }

    private void apply(Participant author, long seq, Delta change, boolean transformed, long received) {
        long nextLength = (long) content.length() + change.changeLength();
        if (nextLength > settings.maxDocumentLength()) {
            author.rejected(ErrorCode.TOO_LARGE, "the document would be " + nextLength
                    + " characters long; the limit is " + settings.maxDocumentLength(), seq);
            return;
        }
        try {
            content.apply(change); // validates first; a rejected change leaves the content as it was
        } catch (InvalidDeltaException | UnsupportedOperationException e) {
            author.rejected(ErrorCode.INVALID_DELTA, e.getMessage(), seq);
            return;
        }
        User user = author.user();
        CommittedOp op = new CommittedOp(version + 1, user.clientId(), seq, change, user.name(), clock.instant());
        version = op.version();
        updatedAt = op.committedAt();
        remember(op);
        autosave.edited(user.name());
        clients.put(user.clientId(), new ClientSeq(seq, op.version()));
        participants.replaceAll((p, selection) -> selection == null ? null : selection.transform(change));
        CompletableFuture<Void> commit = store.append(id, op);
        lastCommit = commit;
        metrics.opApplied(transformed);
        // When the commit completed, taken on the committing thread: the fan-out latency below starts there, so it
        // includes the wait for this document's sequence.
        CompletableFuture<Long> durableAt = commit.thenApply(ignored -> {
            long now = System.nanoTime();
            metrics.opCommitted(Duration.ofNanos(now - received));
            return now;
        });
        DocumentSnapshot snapshot = op.version() % settings.snapshotEvery() == 0
                ? new DocumentSnapshot(op.version(), content.toDelta()) : null;
        if (snapshot != null) {
            snapshotVersion = snapshot.version();
        }
        // Recipients are fixed now: whoever joins before the commit completes gets this op in its
        // welcome (built from memory), so broadcasting it to them as well would apply it twice.
        List<Participant> recipients = new ArrayList<>(participants.keySet());
        recipients.remove(author);
        outbox.after(durableAt, () -> {
            tell(author, p -> p.acknowledged(seq, op.version()));
            int told = 0;
            for (Participant p : recipients) {
                if (participants.containsKey(p)) {
                    tell(p, q -> q.remoteOp(op));
                    told++;
                }
            }
            if (told > 0) {
                metrics.broadcast(told, Duration.ofNanos(System.nanoTime() - durableAt.join()));
            }
            if (snapshot != null) {
                store.saveSnapshot(id, snapshot);
            }
        });
    }

    void updatePresence(Participant participant, Selection selection) {
        serial.execute(() -> {
            if (failed || !participants.containsKey(participant)) {
                return;
            }
            participants.put(participant, selection);
            Presence presence = new Presence(participant.user(), selection);
            outbox.after(lastCommit, () -> forOthers(participant, p -> p.presenceChanged(presence)));
        });
    }

    /**
     * The server stops: makes a pending autosave now; once every pending commit is durable, ends every session with
     * {@link ErrorCode#GOING_AWAY} and writes a snapshot at the last version (unless there is one), so the next
     * start loads the document without replaying its latest ops. The future completes when the snapshot is
     * durable, or at once if none was needed; a failed snapshot is only logged (the op log has everything).
     */
    CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        serial.execute(() -> {
            // A pending autosave is made now: its saved version and webhook deliveries are committed with the
            // rest (the deliveries go out after the next start if the dispatcher has stopped by then).
            autosave.flush();
            // From here on the content does not change, so the snapshot below stays the last version.
            closing = true;
            // Taken now: the content at `version`, whose commit the outbox gate below waits for.
            DocumentSnapshot snapshot = !deleted && !failed && version > snapshotVersion
                    ? new DocumentSnapshot(version, content.toDelta()) : null;
            outbox.after(lastCommit, () -> {
                List<Participant> all = new ArrayList<>(participants.keySet());
                participants.clear();
                refreshPresent();
                all.forEach(p -> p.disconnect(ErrorCode.GOING_AWAY, "server shutting down"));
                if (snapshot == null) {
                    done.complete(null);
                    return;
                }
                snapshotVersion = snapshot.version();
                store.saveSnapshot(id, snapshot).whenComplete((ignored, error) -> {
                    if (error != null) {
                        log.warn("document {}: snapshot at shutdown failed: {}", id, error.toString());
                    }
                    done.complete(null);
                });
            });
        });
        return done;
    }

    /** True when nobody is connected and nothing waits for a commit, so the hub may be dropped. */
    boolean isQuiescent() {
        return members.get() == 0 && serial.isIdle() && lastCommit.isDone();
    }

    private Optional<Long> committedVersionOf(String clientId, long seq) {
        ClientSeq last = clients.get(clientId);
        if (last != null && seq == last.seq()) {
            return Optional.of(last.version());
        }
        if (last != null && seq > last.seq()) {
            return Optional.empty();
        }
        return store.findBySeq(id, clientId, seq).map(CommittedOp::version);
    }

    private List<CommittedOp> opsAfter(long baseVersion) {
        if (baseVersion >= version) {
            return List.of();
        }
        CommittedOp oldest = recent.peekFirst();
        if (oldest == null || oldest.version() > baseVersion + 1) {
            return store.ops(id, baseVersion, version);
        }
        List<CommittedOp> ops = new ArrayList<>((int) (version - baseVersion));
        for (CommittedOp op : recent) {
            if (op.version() > baseVersion) {
                ops.add(op);
            }
        }
        return ops;
    }

    private void remember(CommittedOp op) {
        recent.addLast(op);
        while (recent.size() > settings.recentOpsKept()) {
            recent.removeFirst();
        }
    }

    private List<Presence> presentOthers(Participant except) {
        List<Presence> present = new ArrayList<>();
        participants.forEach((p, selection) -> {
            if (p != except) {
                present.add(new Presence(p.user(), selection));
            }
        });
        return present;
    }

    private void forOthers(Participant except, Consumer<Participant> action) {
        for (Participant p : List.copyOf(participants.keySet())) {
            if (p != except) {
                tell(p, action);
            }
        }
    }

    /** One participant's failure (a transport bug, a dead socket) must not keep an event from the others. */
    private void tell(Participant participant, Consumer<Participant> action) {
        try {
            action.accept(participant);
        } catch (RuntimeException e) {
            log.warn("participant {} of document {} failed to take an event", participant.user().clientId(), id, e);
        }
    }

    /**
     * A commit failed: memory is now ahead of storage, so nothing more may be acknowledged. Every
     * session is closed (clients reconnect and resend) and the hub is dropped so the next join
     * reloads the document from storage.
     */
    private void fail(CompletableFuture<?> failedCommit) {
        failed = true;
        metrics.commitFailed();
        autosave.stop();
        failedCommit.exceptionally(e -> {
            log.error("commit failed for document {}; closing its sessions", id, e);
            return null;
        });
        outbox.clear();
        List<Participant> all = new ArrayList<>(participants.keySet());
        participants.clear();
        refreshPresent();
        all.forEach(p -> p.disconnect(ErrorCode.INTERNAL_ERROR, "storage failure; reconnect"));
        onFailure.accept(this);
    }
}
