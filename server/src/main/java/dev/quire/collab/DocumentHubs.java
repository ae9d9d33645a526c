package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.ot.DeltaSize;
import dev.quire.ot.InvalidDeltaException;
import dev.quire.ot.Op;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.OutboxFactory;
import dev.quire.store.LoadedDocument;
import dev.quire.store.SaveTrigger;
import dev.quire.store.SavedVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The open documents: loads a document's hub on its first join and drops it once its last
 * participant has been gone for the grace period, so memory follows the documents in use, not
 * every document ever opened. Thread-safe.
 *
 * <p>Joining a document that does not exist creates it, empty, titled "Untitled" (as opening a
 * new pad does in Etherpad), when the caller allows it (the transport allows it only to a session that may edit
 * the document) — unless it was deleted: ids are never reused, and such a join is
 * disconnected with {@link ErrorCode#DOCUMENT_DELETED}.
 *
 * <p>Server-side writes ({@link #edit}, {@link #replace}, {@link #rename}, {@link #delete}) go
 * through the document's hub like a client's ops, so live editors see them at once; they never
 * create a document, and answer {@link ErrorCode#DOCUMENT_NOT_FOUND} for an unknown id.
 */
public final class DocumentHubs {
    static final String DEFAULT_TITLE = "Untitled";
    /** Who creates or deletes when the caller does not say (server-side code). */
    static final String DEFAULT_CREATOR = "server";

    private final DocumentStore store;
    private final Executor pool;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final HubSettings settings;
    private final OutboxFactory outbox;
    private final HubMetrics metrics;
    /** Shared by every document: a writer's budget spans documents. */
    private final WriteBudget writeBudget;
    private final ConcurrentHashMap<String, DocumentHub> hubs = new ConcurrentHashMap<>();
    /** Set by {@link #shutdown()}: a hub loaded after it is shut down at once, so it too takes no change. */
    private volatile boolean stopping;

    public DocumentHubs(DocumentStore store, Executor pool, ScheduledExecutorService scheduler, Clock clock,
                        HubSettings settings) {
        this(store, pool, scheduler, clock, settings, OutboxFactory.NONE);
    }

    /** Hubs whose saves announce what {@code outbox} makes of them, in the save's transaction. */
    public DocumentHubs(DocumentStore store, Executor pool, ScheduledExecutorService scheduler, Clock clock,
                        HubSettings settings, OutboxFactory outbox) {
        this(store, pool, scheduler, clock, settings, outbox, HubMetrics.NONE);
    }

    /** As above, reporting what happens on the edit path to {@code metrics}. */
    public DocumentHubs(DocumentStore store, Executor pool, ScheduledExecutorService scheduler, Clock clock,
                        HubSettings settings, OutboxFactory outbox, HubMetrics metrics) {
        this.outbox = outbox;
        this.metrics = metrics;
        this.store = store;
        this.pool = pool;
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
        this.writeBudget = new WriteBudget(settings.bytes(), System::nanoTime);
    }

    /**
     * Joins {@code participant} to the document, creating it if it does not exist; its welcome follows through the
     * participant.
     *
     * @param resumeFrom the version the client already has (it gets only the ops since), or null
     *                   for the whole content
     * @throws IllegalArgumentException if the id is not a valid document id
     */
    public DocumentSession join(String documentId, Participant participant, Long resumeFrom) {
        return join(documentId, participant, resumeFrom, true).orElseThrow();
    }

    /**
     * Joins {@code participant} to the document; its welcome follows through the participant.
     *
     * @param resumeFrom the version the client already has (it gets only the ops since), or null
     *                   for the whole content
     * @param create     whether a join of an id that does not exist creates the document. If false, such a join is
     *                   turned away: the participant is disconnected with {@link ErrorCode#DOCUMENT_NOT_FOUND},
     *                   and nothing is stored, announced or loaded
     * @return the session, or empty if the participant was turned away because the document does not exist
     * @throws IllegalArgumentException if the id is not a valid document id
     */
    public Optional<DocumentSession> join(String documentId, Participant participant, Long resumeFrom,
                                          boolean create) {
        if (!DocumentIds.isValid(documentId)) {
            throw new IllegalArgumentException("invalid document id");
        }
        DocumentHub hub = hubs.compute(documentId, (id, existing) -> {
            DocumentHub h = existing != null ? existing : open(id, participant.user().name(), create);
            if (h != null) {
                h.members.incrementAndGet();
            }
            return h;
        });
        if (hub == null) {
            participant.disconnect(ErrorCode.DOCUMENT_NOT_FOUND, "no document " + documentId
                    + "; only an editor's join creates one");
            return Optional.empty();
        }
        hub.join(participant, resumeFrom);
        return Optional.of(new DocumentSession(this, hub, participant));
    }

    void leave(DocumentHub hub, Participant participant) {
        hub.leave(participant);
        release(hub);
    }

    /**
     * Creates a document at version 0 with {@code content} (a document delta ending with a newline).
     *
     * @return false if the id is taken, now or by a deleted document
     * @throws InvalidDeltaException if the content breaks the {@link ContentPolicy}
     */
    public boolean create(String documentId, String title, Delta content) {
        return create(documentId, title, content, DEFAULT_CREATOR);
    }

    /**
     * As {@link #create(String, String, Delta)}, saying who creates it (for the {@code document.created} event).
     *
     * @throws InvalidDeltaException if the content breaks the {@link ContentPolicy}
     */
    public boolean create(String documentId, String title, Delta content, String createdBy) {
        if (!DocumentIds.isValid(documentId)) {
            throw new IllegalArgumentException("invalid document id");
        }
        if (!content.isDocument() || !endsWithNewline(content)) {
            throw new IllegalArgumentException("content must be a document ending with a newline");
        }
        ContentPolicy.checkDocument(content);
        return createAndAnnounce(documentId, title, content, createdBy);
    }

    /**
     * Charges a new document's {@code content} to {@code writer}'s write budget (docs/security.md), for a
     * {@link #create} that follows: a document's first content is written too, though not as an op.
     *
     * @return empty if charged; else the refusal ({@link ErrorCode#WRITE_BUDGET_EXCEEDED} with a retry time)
     */
    public Optional<EditResult> chargeCreate(String writer, Delta content) {
        long bytes = DeltaSize.of(content) + CommittedOp.OVERHEAD_BYTES;
        return writeBudget.charge(null, writer, bytes).map(refusal -> EditResult.refused(
                ErrorCode.WRITE_BUDGET_EXCEEDED, refusal.detail(bytes), refusal.retryAfter()));
    }

    /** Creates the document with its {@code document.created} messages in one transaction. */
    private boolean createAndAnnounce(String documentId, String title, Delta content, String createdBy) {
        Instant at = clock.instant();
        boolean created = store.create(documentId, title, new DocumentSnapshot(0, content), at,
                outbox.forCreated(documentId, title, 0, createdBy, at));
        if (created) {
            outbox.committed();
        }
        return created;
    }

    private static boolean endsWithNewline(Delta content) {
        return !content.ops().isEmpty() && content.ops().get(content.ops().size() - 1) instanceof Op.Insert last
                && last.text().endsWith("\n");
    }

    /**
     * Submits {@code delta}, made against {@code baseVersion}, as {@code author}: transformed
     * against the ops committed since (they win ties), committed, broadcast to live editors.
     *
     * @param seq             with {@code author.clientId()}, makes a resent request idempotent
     * @param expectedVersion if not null, refuse with {@link ErrorCode#VERSION_CONFLICT} unless the
     *                        document is at this version (REST {@code If-Match})
     */
    public CompletableFuture<EditResult> edit(String documentId, User author, long seq, long baseVersion, Delta delta,
                                              Long expectedVersion) {
        return edit(documentId, author, null, seq, baseVersion, delta, expectedVersion);
    }

    /**
     * As {@link #edit(String, User, long, long, Delta, Long)}, counted against {@code writer}'s write budget
     * besides the document's (null: the document's only); over either, refused with
     * {@link ErrorCode#WRITE_BUDGET_EXCEEDED} and a retry time.
     */
    public CompletableFuture<EditResult> edit(String documentId, User author, String writer, long seq,
                                              long baseVersion, Delta delta, Long expectedVersion) {
        return direct(documentId, author, writer, (hub, p, saved) -> hub.submitDirect(p, seq, baseVersion, delta,
                expectedVersion, saved));
    }

    /** Replaces the content by the minimal change from the current content to {@code replacement}. */
    public CompletableFuture<EditResult> replace(String documentId, User author, long seq, Delta replacement,
                                                 Long expectedVersion) {
        return replace(documentId, author, null, seq, replacement, expectedVersion);
    }

    /** As {@link #replace(String, User, long, Delta, Long)}, counted against {@code writer}'s write budget too. */
    public CompletableFuture<EditResult> replace(String documentId, User author, String writer, long seq,
                                                 Delta replacement, Long expectedVersion) {
        return direct(documentId, author, writer, (hub, p, saved) -> hub.replaceDirect(p, seq, replacement,
                expectedVersion, null, saved));
    }

    /**
     * Saves the document as it is now. Automatic and API saves are skipped when nothing changed since the last
     * save (the result has neither a saved version nor an error); an explicit save always makes one.
     */
    public CompletableFuture<SaveResult> save(String documentId, String savedBy, SaveTrigger trigger, String label) {
        DocumentHub hub = DocumentIds.isValid(documentId) ? acquireExisting(documentId) : null;
        if (hub == null) {
            return CompletableFuture.completedFuture(
                    SaveResult.refused(ErrorCode.DOCUMENT_NOT_FOUND, "no document " + documentId));
        }
        return hub.save(savedBy, null, trigger, label).whenComplete((result, error) -> release(hub));
    }

    /**
     * Brings back saved version {@code number}: a new op (the {@link Delta#diff} from the current content to the
     * saved one) through the hub, so history is kept and live editors see it; then an {@code api} save of the
     * result. Refused with {@link ErrorCode#DOCUMENT_NOT_FOUND} if there is no such saved version.
     */
    public CompletableFuture<EditResult> restore(String documentId, long number, User author, Long expectedVersion) {
        return restore(documentId, number, author, null, expectedVersion);
    }

    /** As {@link #restore(String, long, User, Long)}, counted against {@code writer}'s write budget too. */
    public CompletableFuture<EditResult> restore(String documentId, long number, User author, String writer,
                                                 Long expectedVersion) {
        Optional<SavedVersion> saved = DocumentIds.isValid(documentId)
                ? store.savedVersion(documentId, number) : Optional.empty();
        Optional<Delta> content = saved.flatMap(s -> contentAt(documentId, s.documentVersion()));
        if (content.isEmpty()) {
            return CompletableFuture.completedFuture(EditResult.refused(ErrorCode.DOCUMENT_NOT_FOUND,
                    "document " + documentId + " has no saved version " + number));
        }
        return direct(documentId, author, writer, (hub, p, done) -> hub.replaceDirect(p, 1, content.get(),
                expectedVersion, null, done));
    }

    /**
     * The committed content of a live document at {@code version}: the nearest stored snapshot at or before it
     * plus a replay of the ops after it; empty if the document or that version does not exist.
     */
    public Optional<Delta> contentAt(String documentId, long version) {
        Optional<DocumentSnapshot> snapshot = store.snapshotAtOrBefore(documentId, version);
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        Delta content = snapshot.get().content();
        long at = snapshot.get().version();
        for (CommittedOp op : store.ops(documentId, at, version)) {
            content = op.delta().applyTo(content);
            at = op.version();
        }
        return at == version ? Optional.of(content) : Optional.empty();
    }

    /** Changes the title; the version stays. */
    public CompletableFuture<EditResult> rename(String documentId, String title, Long expectedVersion) {
        return rename(documentId, title, expectedVersion, DEFAULT_CREATOR);
    }

    /** As {@link #rename(String, String, Long)}, saying who renames it (live editors are told). */
    public CompletableFuture<EditResult> rename(String documentId, String title, Long expectedVersion,
                                                String renamedBy) {
        return withHub(documentId, hub -> hub.rename(title, expectedVersion, renamedBy));
    }

    /** Deletes the document after pending commits; live participants are disconnected with DOCUMENT_DELETED. */
    public CompletableFuture<EditResult> delete(String documentId, Long expectedVersion) {
        return delete(documentId, expectedVersion, DEFAULT_CREATOR);
    }

    /** As {@link #delete(String, Long)}, saying who deletes it (for the {@code document.deleted} event). */
    public CompletableFuture<EditResult> delete(String documentId, Long expectedVersion, String deletedBy) {
        return withHub(documentId, hub -> hub.delete(expectedVersion, deletedBy));
    }

    /**
     * The document as committed at its latest version: from its hub if loaded (without waiting for
     * anyone's ops beyond those applied already), otherwise from the store without loading a hub.
     *
     * @return empty if the document does not exist or was deleted
     */
    public CompletableFuture<Optional<DocumentState>> read(String documentId) {
        DocumentHub hub = hubs.get(documentId);
        if (hub != null) {
            return hub.read().thenApply(Optional::ofNullable);
        }
        return CompletableFuture.completedFuture(store.load(documentId).map(DocumentHubs::replay));
    }

    private static DocumentState replay(LoadedDocument loaded) {
        Delta content = loaded.snapshot().content();
        long version = loaded.snapshot().version();
        for (CommittedOp op : loaded.opsAfterSnapshot()) {
            content = op.delta().applyTo(content);
            version = op.version();
        }
        DocumentInfo info = loaded.info();
        return new DocumentState(info.id(), info.title(), version, content, info.createdAt(), info.updatedAt());
    }

    /** A direct write and the {@code api} save that follows it; the result waits for both, so a 200 means saved. */
    private interface DirectWrite {
        void submit(DocumentHub hub, DirectParticipant participant, CompletableFuture<SaveResult> saved);
    }

    private CompletableFuture<EditResult> direct(String documentId, User author, String writer, DirectWrite write) {
        return withHub(documentId, hub -> {
            DirectParticipant participant = new DirectParticipant(author, writer);
            CompletableFuture<SaveResult> saved = new CompletableFuture<>();
            write.submit(hub, participant, saved);
            return participant.result().thenCombine(saved, (result, ignored) -> result);
        });
    }

    /** Runs {@code write} on the document's hub, loading it if needed, and keeps the hub loaded until it is done. */
    private CompletableFuture<EditResult> withHub(String documentId,
                                                  Function<DocumentHub, CompletableFuture<EditResult>> write) {
        DocumentHub hub = DocumentIds.isValid(documentId) ? acquireExisting(documentId) : null;
        if (hub == null) {
            return CompletableFuture.completedFuture(
                    EditResult.refused(ErrorCode.DOCUMENT_NOT_FOUND, "no document " + documentId));
        }
        return write.apply(hub).whenComplete((result, error) -> release(hub));
    }

    /** The loaded hub of an existing (or just deleted) document, counted as a member; null if there is none. */
    private DocumentHub acquireExisting(String documentId) {
        return hubs.compute(documentId, (id, existing) -> {
            DocumentHub h = existing;
            if (h == null) {
                Optional<LoadedDocument> loaded = store.load(id);
                if (loaded.isEmpty()) {
                    return null;
                }
                h = hubFor(loaded.get());
            }
            h.members.incrementAndGet();
            return h;
        });
    }

    private void release(DocumentHub hub) {
        if (hub.members.decrementAndGet() == 0) {
            scheduleUnload(hub);
        }
    }

    /**
     * Who is in each of {@code documentIds} now (live sessions, distinct by client id, in order of arrival; not
     * REST writers), read from the loaded hubs without loading any document or waiting on a hub's queue. A
     * document that is not loaded, or has nobody in it, is absent from the map. A moment's snapshot: joins and
     * leaves may be a few milliseconds behind.
     */
    public Map<String, List<User>> present(Collection<String> documentIds) {
        Map<String, List<User>> present = new HashMap<>();
        for (String id : documentIds) {
            DocumentHub hub = hubs.get(id);
            List<User> users = hub == null ? List.of() : hub.present();
            if (!users.isEmpty()) {
                present.put(id, users);
            }
        }
        return present;
    }

    /** How many documents are loaded now (including ones waiting out their unload grace). */
    public int openCount() {
        return hubs.size();
    }

    /** Ids of the documents loaded now. */
    public Set<String> openDocuments() {
        return Set.copyOf(hubs.keySet());
    }

    /**
     * The server stops: waits for pending commits, closes every session with {@link ErrorCode#GOING_AWAY} and
     * writes a snapshot of each open document at its last version; completes when those snapshots are durable.
     */
    public CompletableFuture<Void> shutdown() {
        stopping = true;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        hubs.values().forEach(h -> all.add(h.shutdown()));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** The hub of {@code id}, loaded or (if {@code create}) created; null if it does not exist and may not be made. */
    private DocumentHub open(String id, String joiner, boolean create) {
        Optional<LoadedDocument> loaded = store.load(id);
        if (loaded.isEmpty()) {
            if (!create) {
                return null;
            }
            // create is false for a deleted id: such a document stays deleted (the tombstone turns joins away).
            boolean created = createAndAnnounce(id, DEFAULT_TITLE, Delta.ofText("\n"), joiner);
            loaded = store.load(id);
            if (!created && loaded.isEmpty()) {
                return DocumentHub.tombstone(id, store, new SerialExecutor(pool, id), scheduler, clock, settings);
            }
        }
        return hubFor(loaded.orElseThrow(() -> new IllegalStateException("document " + id + " vanished")));
    }

    private DocumentHub hubFor(LoadedDocument loaded) {
        String id = loaded.info().id();
        DocumentHub hub = new DocumentHub(loaded, store, new SerialExecutor(pool, id), scheduler, clock, settings,
                writeBudget, outbox, metrics, failed -> hubs.remove(id, failed));
        if (stopping) {
            // Loaded during the stop (a join or REST write that was already under way): it says goodbye at once.
            hub.shutdown();
        }
        return hub;
    }

    private void scheduleUnload(DocumentHub hub) {
        scheduler.schedule(() -> tryUnload(hub), settings.unloadGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tryUnload(DocumentHub hub) {
        boolean[] busy = {false};
        hubs.computeIfPresent(hub.id(), (id, current) -> {
            if (current != hub) {
                return current;
            }
            if (hub.isQuiescent()) {
                return null;
            }
            busy[0] = hub.members.get() == 0;
            return current;
        });
        if (busy[0]) {
            scheduleUnload(hub);
        }
    }
}
