package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.ot.Op;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.LoadedDocument;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The open documents: loads a document's hub on its first join and drops it once its last
 * participant has been gone for the grace period, so memory follows the documents in use, not
 * every document ever opened. Thread-safe.
 *
 * <p>Joining a document that does not exist creates it, empty, titled "Untitled" (as opening a
 * new pad does in Etherpad) — unless it was deleted: ids are never reused, and such a join is
 * disconnected with {@link ErrorCode#DOCUMENT_DELETED}.
 *
 * <p>Server-side writes ({@link #edit}, {@link #replace}, {@link #rename}, {@link #delete}) go
 * through the document's hub like a client's ops, so live editors see them at once; they never
 * create a document, and answer {@link ErrorCode#DOCUMENT_NOT_FOUND} for an unknown id.
 */
public final class DocumentHubs {
    static final String DEFAULT_TITLE = "Untitled";

    private final DocumentStore store;
    private final Executor pool;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final HubSettings settings;
    private final ConcurrentHashMap<String, DocumentHub> hubs = new ConcurrentHashMap<>();

    public DocumentHubs(DocumentStore store, Executor pool, ScheduledExecutorService scheduler, Clock clock,
                        HubSettings settings) {
        this.store = store;
        this.pool = pool;
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Joins {@code participant} to the document; its welcome follows through the participant.
     *
     * @param resumeFrom the version the client already has (it gets only the ops since), or null
     *                   for the whole content
     * @throws IllegalArgumentException if the id is not a valid document id
     */
    public DocumentSession join(String documentId, Participant participant, Long resumeFrom) {
        if (!DocumentIds.isValid(documentId)) {
            throw new IllegalArgumentException("invalid document id");
        }
        DocumentHub hub = hubs.compute(documentId, (id, existing) -> {
            DocumentHub h = existing != null ? existing : open(id);
            h.members.incrementAndGet();
            return h;
        });
        hub.join(participant, resumeFrom);
        return new DocumentSession(this, hub, participant);
    }

    void leave(DocumentHub hub, Participant participant) {
        hub.leave(participant);
        release(hub);
    }

    /**
     * Creates a document at version 0 with {@code content} (a document delta ending with a newline).
     *
     * @return false if the id is taken, now or by a deleted document
     */
    public boolean create(String documentId, String title, Delta content) {
        if (!DocumentIds.isValid(documentId)) {
            throw new IllegalArgumentException("invalid document id");
        }
        if (!content.isDocument() || !endsWithNewline(content)) {
            throw new IllegalArgumentException("content must be a document ending with a newline");
        }
        return store.create(documentId, title, new DocumentSnapshot(0, content), clock.instant());
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
        return direct(documentId, author, (hub, p) -> hub.submitDirect(p, seq, baseVersion, delta, expectedVersion));
    }

    /** Replaces the content by the minimal change from the current content to {@code replacement}. */
    public CompletableFuture<EditResult> replace(String documentId, User author, long seq, Delta replacement,
                                                 Long expectedVersion) {
        return direct(documentId, author, (hub, p) -> hub.replaceDirect(p, seq, replacement, expectedVersion));
    }

    /** Changes the title; the version stays. */
    public CompletableFuture<EditResult> rename(String documentId, String title, Long expectedVersion) {
        return withHub(documentId, hub -> hub.rename(title, expectedVersion));
    }

    /** Deletes the document after pending commits; live participants are disconnected with DOCUMENT_DELETED. */
    public CompletableFuture<EditResult> delete(String documentId, Long expectedVersion) {
        return withHub(documentId, hub -> hub.delete(expectedVersion));
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

    private CompletableFuture<EditResult> direct(String documentId, User author,
                                                 BiConsumer<DocumentHub, DirectParticipant> submit) {
        return withHub(documentId, hub -> {
            DirectParticipant participant = new DirectParticipant(author);
            submit.accept(hub, participant);
            return participant.result();
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

    /** Ids of the documents loaded now. */
    public Set<String> openDocuments() {
        return Set.copyOf(hubs.keySet());
    }

    /** Waits for pending commits, then closes every session with {@link ErrorCode#GOING_AWAY}. */
    public CompletableFuture<Void> shutdown() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        hubs.values().forEach(h -> all.add(h.disconnectAll(ErrorCode.GOING_AWAY, "server shutting down")));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private DocumentHub open(String id) {
        Optional<LoadedDocument> loaded = store.load(id);
        if (loaded.isEmpty()) {
            // create is false for a deleted id: such a document stays deleted (the tombstone turns joins away).
            boolean created = store.create(id, DEFAULT_TITLE, new DocumentSnapshot(0, Delta.ofText("\n")),
                    clock.instant());
            loaded = store.load(id);
            if (!created && loaded.isEmpty()) {
                return DocumentHub.tombstone(id, store, new SerialExecutor(pool), clock, settings);
            }
        }
        return hubFor(loaded.orElseThrow(() -> new IllegalStateException("document " + id + " vanished")));
    }

    private DocumentHub hubFor(LoadedDocument loaded) {
        String id = loaded.info().id();
        return new DocumentHub(loaded, store, new SerialExecutor(pool), clock, settings, failed -> hubs.remove(id, failed));
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
