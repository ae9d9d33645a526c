package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.ot.DeltaSize;
import dev.quire.ot.InvalidDeltaException;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentStore;
import dev.quire.store.OutboxFactory;
import dev.quire.store.SaveTrigger;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The open documents: loads a document's hub on its first join and drops it once its last participant has been gone
 * for the grace period, so memory follows the documents in use, not every document ever opened. Thread-safe.
 *
 * <p>Joining a document that does not exist creates it, empty, titled "Untitled" (as opening a new pad does in
 * Etherpad), when the caller allows it (the transport allows it only to a session that may edit the document) —
 * unless it was deleted: ids are never reused, and such a join is disconnected with
 * {@link ErrorCode#DOCUMENT_DELETED}.
 *
 * <p>Server-side writes ({@link #edit}, {@link #replace}, {@link #rename}, {@link #delete}) go through the document's
 * hub like a client's ops, so live editors see them at once; they never create a document, and answer
 * {@link ErrorCode#DOCUMENT_NOT_FOUND} for an unknown id.
 *
 * <p>Nothing here waits for the store on the caller's thread (a WebSocket I/O thread, which also reads other
 * connections) or on the hubs' pool (which every document shares): loading and creating a document, and a hub's
 * renames and deletes, run on the store's own small pool ({@code storeIo}); the {@link HubRegistry} holds a
 * document's slot, with its loading hub, from the first request on, and whoever asked continues on the document's
 * sequence once it is loaded (docs/architecture.md, "Nothing blocks a document").
 */
public final class DocumentHubs {
    static final String DEFAULT_TITLE = "Untitled";
    /** Who creates or deletes when the caller does not say (server-side code). */
    static final String DEFAULT_CREATOR = "server";

    private final DocumentStore store;
    private final StoredDocuments stored;
    /** Shared by every document: a writer's budget spans documents. */
    private final WriteBudget writeBudget;
    /** Runs the blocking store calls of loads, creates, renames and deletes. */
    private final Executor storeIo;
    private final HubRegistry hubs;
    /** Told of renames, deletes and presence made here, in a cluster. */
    private final OtherNodes otherNodes;
    /** What the other nodes did, taken to the documents open here. */
    private final FromOtherNodes fromOtherNodes;

    public DocumentHubs(DocumentStore store, Executor pool, ScheduledExecutorService scheduler, Clock clock,
                        HubSettings settings) {
        this(store, pool, scheduler, clock, settings, OutboxFactory.NONE);
    }

    /** Hubs whose saves announce what {@code outbox} makes of them, in the save's transaction. */
    public DocumentHubs(DocumentStore store, Executor pool, ScheduledExecutorService scheduler, Clock clock,
                        HubSettings settings, OutboxFactory outbox) {
        this(store, pool, StoreThreads.create(), scheduler, clock, settings, outbox, HubMetrics.NONE);
    }

    /** As above, reporting to {@code metrics}, the blocking store calls run on {@code storeIo} (never {@code pool}). */
    public DocumentHubs(DocumentStore store, Executor pool, Executor storeIo, ScheduledExecutorService scheduler,
                        Clock clock, HubSettings settings, OutboxFactory outbox, HubMetrics metrics) {
        this(store, pool, storeIo, scheduler, clock, settings, outbox, metrics, null, OtherNodes.NONE);
    }

    /** A node of a cluster: as below, with the store's own threads. */
    public DocumentHubs(DocumentStore store, Executor pool, ScheduledExecutorService scheduler, Clock clock,
                        HubSettings settings, OutboxFactory outbox, HubMetrics metrics, NodeFeed nodes,
                        OtherNodes otherNodes) {
        this(store, pool, StoreThreads.create(), scheduler, clock, settings, outbox, metrics, nodes, otherNodes);
    }

    /**
     * As above, on a store shared by nodes ({@link DocumentStore#sharedByNodes}) with {@code nodes}: each commit is
     * published on its feed, what the other nodes commit is applied to the documents open here, and their committed
     * heads are checked every {@link NodeFeed#headCheckPeriod()} (null: no other node to hear, as on a store of one
     * node); the other nodes are told of renames, deletes and presence made here ({@code otherNodes}).
     */
    public DocumentHubs(DocumentStore store, Executor pool, Executor storeIo, ScheduledExecutorService scheduler,
                        Clock clock, HubSettings settings, OutboxFactory outbox, HubMetrics metrics, NodeFeed nodes,
                        OtherNodes otherNodes) {
        this.otherNodes = otherNodes;
        this.storeIo = storeIo;
        this.store = store;
        this.writeBudget = new WriteBudget(settings.bytes(), System::nanoTime);
        HubContext context = new HubContext(store, pool, storeIo, scheduler, clock, settings, writeBudget, outbox, metrics,
                nodes == null ? NodeFeed.SILENT : nodes.feed(), otherNodes);
        this.stored = new StoredDocuments(store, clock, outbox);
        this.hubs = new HubRegistry(context,
                (id, createdBy) -> stored.create(id, DEFAULT_TITLE, Delta.ofText("\n"), createdBy));
        this.fromOtherNodes = new FromOtherNodes(hubs, clock, store, nodes);
    }

    /** As {@link #join(String, Participant, Long, boolean)}, creating the document if it does not exist. */
    public DocumentSession join(String documentId, Participant participant, Long resumeFrom) {
        return join(documentId, participant, resumeFrom, true);
    }

    /**
     * Joins {@code participant} to the document; its welcome follows through the participant. Returns at once, the
     * store untouched on the calling thread: the document is loaded (or created) on the store's threads, and the
     * session joins it then; what it is sent meanwhile waits in it, and a {@link DocumentSession#leave} meanwhile
     * means the join is never made.
     *
     * @param resumeFrom the version the client already has (it gets only the ops since), or null for the whole content
     * @param create     whether a join of an id that does not exist creates the document. If false, such a join is
     *                   turned away: the participant is disconnected with {@link ErrorCode#DOCUMENT_NOT_FOUND},
     *                   and nothing is stored, announced or kept loaded
     * @throws IllegalArgumentException if the id is not a valid document id
     */
    public DocumentSession join(String documentId, Participant participant, Long resumeFrom, boolean create) {
        return join(documentId, participant, resumeFrom, null, create);
    }

    /**
     * As {@link #join(String, Participant, Long, boolean)}, for a client that has a message in flight whose highest
     * seq is {@code inFlightSeq} (null: none). On a store shared by nodes, if that message is not in the log, the
     * store fences it off as the client's committed seqs are read (another node may still be committing it) and the
     * client is welcomed with the whole content, into which it merges the message as a new one (docs/cluster.md).
     */
    public DocumentSession join(String documentId, Participant participant, Long resumeFrom, Long inFlightSeq,
                                boolean create) {
        if (!DocumentIds.isValid(documentId)) {
            throw new IllegalArgumentException("invalid document id");
        }
        DocumentSession session = new DocumentSession(documentId, participant, resumeFrom, inFlightSeq, otherNodes);
        hubs.join(session, create);
        return session;
    }

    /** As {@link #create(String, String, Delta, String)}, created by the server. */
    public CompletableFuture<Boolean> create(String documentId, String title, Delta content) {
        return create(documentId, title, content, DEFAULT_CREATOR);
    }

    /**
     * Creates a document at version 0 with {@code content} (a document delta ending with a newline), created by
     * {@code createdBy} (for the {@code document.created} event). The store's create (an fsync) runs on the store's
     * threads, never the caller's.
     *
     * @return completes with false if the id is taken, now or by a deleted document
     * @throws InvalidDeltaException if the content breaks the {@link ContentPolicy} (at once, before the store)
     */
    public CompletableFuture<Boolean> create(String documentId, String title, Delta content, String createdBy) {
        if (!DocumentIds.isValid(documentId)) {
            throw new IllegalArgumentException("invalid document id");
        }
        StoredDocuments.check(content);
        return CompletableFuture.supplyAsync(() -> stored.create(documentId, title, content, createdBy), storeIo);
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
        return direct(documentId, author, writer, (hub, p) -> hub.submitDirect(p, seq, baseVersion, delta,
                expectedVersion));
    }

    /** Replaces the content by the minimal change from the current content to {@code replacement}. */
    public CompletableFuture<EditResult> replace(String documentId, User author, long seq, Delta replacement,
                                                 Long expectedVersion) {
        return replace(documentId, author, null, seq, replacement, expectedVersion);
    }

    /** As {@link #replace(String, User, long, Delta, Long)}, counted against {@code writer}'s write budget too. */
    public CompletableFuture<EditResult> replace(String documentId, User author, String writer, long seq,
                                                 Delta replacement, Long expectedVersion) {
        return direct(documentId, author, writer, (hub, p) -> hub.replaceDirect(p, seq, replacement,
                expectedVersion));
    }

    /**
     * Saves the document as it is now. Automatic and API saves are skipped when nothing changed since the last
     * save (the result has neither a saved version nor an error); an explicit save always makes one.
     */
    public CompletableFuture<SaveResult> save(String documentId, String savedBy, SaveTrigger trigger, String label) {
        return hubs.withExisting(documentId, hub -> hub.save(savedBy, null, trigger, label),
                SaveResult.refused(ErrorCode.DOCUMENT_NOT_FOUND, "no document " + documentId));
    }

    /**
     * Brings back saved version {@code number}: the content as it is now is saved first (trigger {@code auto},
     * labelled "Before restoring version N", unless a save has it already), then a new op (the {@link Delta#diff}
     * from the current content to the saved one) goes through the hub, so history is kept and live editors see it,
     * and the result is saved with trigger {@code restore} by {@code author} (labelled "Restored version N"), which
     * everyone in the document is told. Refused with {@link ErrorCode#DOCUMENT_NOT_FOUND} if there is no such saved
     * version.
     */
    public CompletableFuture<EditResult> restore(String documentId, long number, User author, Long expectedVersion) {
        return restore(documentId, number, author, null, expectedVersion);
    }

    /** As {@link #restore(String, long, User, Long)}, counted against {@code writer}'s write budget too. */
    public CompletableFuture<EditResult> restore(String documentId, long number, User author, String writer,
                                                 Long expectedVersion) {
        if (!DocumentIds.isValid(documentId)) {
            return CompletableFuture.completedFuture(EditResult.refused(ErrorCode.DOCUMENT_NOT_FOUND,
                    "document " + documentId + " has no saved version " + number));
        }
        // Reading the saved version replays the log: on the store's threads, like a load.
        return CompletableFuture.supplyAsync(() -> StoredDocuments.savedContent(store, documentId, number), storeIo)
                .thenCompose(content -> {
                    if (content.isEmpty()) {
                        return CompletableFuture.completedFuture(EditResult.refused(ErrorCode.DOCUMENT_NOT_FOUND,
                                "document " + documentId + " has no saved version " + number));
                    }
                    return direct(documentId, author, writer, (hub, p) -> hub.restoreDirect(p, number,
                            content.get(), expectedVersion));
                });
    }

    /**
     * The committed content of a live document at {@code version}: the nearest stored snapshot at or before it
     * plus a replay of the ops after it; empty if the document or that version does not exist.
     */
    public Optional<Delta> contentAt(String documentId, long version) {
        return StoredDocuments.contentAt(store, documentId, version);
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
        Optional<DocumentHub> hub = hubs.loaded(documentId);
        if (hub.isPresent()) {
            return hub.get().read().thenApply(Optional::ofNullable);
        }
        return CompletableFuture.supplyAsync(() -> store.load(documentId).map(DocumentState::replayed), storeIo);
    }

    /** A direct write and the {@code api} save that follows it; the result waits for both, so a 200 means saved. */
    private CompletableFuture<EditResult> direct(String documentId, User author, String writer,
            BiFunction<DocumentHub, DirectParticipant, CompletableFuture<SaveResult>> write) {
        return withHub(documentId, hub -> {
            DirectParticipant participant = new DirectParticipant(author, writer);
            CompletableFuture<SaveResult> saved = write.apply(hub, participant);
            return participant.result().thenCombine(saved, (result, ignored) -> result);
        });
    }

    /** Runs {@code write} on the document's hub, loading it if needed, and keeps the hub loaded until it is done. */
    private CompletableFuture<EditResult> withHub(String documentId,
                                                  Function<DocumentHub, CompletableFuture<EditResult>> write) {
        return hubs.withExisting(documentId, write, EditResult.refused(ErrorCode.DOCUMENT_NOT_FOUND,
                "no document " + documentId));
    }

    /**
     * Who is in each of {@code documentIds} now (live sessions, distinct by client id, in order of arrival; not
     * REST writers), read from the loaded hubs without loading any document or waiting on a hub's queue. A
     * document that is not loaded, or has nobody in it, is absent from the map. A moment's snapshot: joins and
     * leaves may be a few milliseconds behind.
     */
    public Map<String, List<User>> present(Collection<String> documentIds) {
        return hubs.present(documentIds);
    }

    /** How many documents are loaded now (including ones waiting out their unload grace). */
    public int openCount() {
        return hubs.openCount();
    }

    /** Ids of the documents loaded now. */
    public Set<String> openDocuments() {
        return hubs.openDocuments();
    }

    /**
     * The server stops: waits for pending commits, closes every session with {@link ErrorCode#GOING_AWAY} and
     * writes a snapshot of each open document at its last version; completes when those snapshots are durable.
     */
    public CompletableFuture<Void> shutdown() {
        fromOtherNodes.close();
        return hubs.shutdown();
    }

    /** Where what the other nodes of a cluster did is taken to the documents open here. */
    public FromOtherNodes fromOtherNodes() {
        return fromOtherNodes;
    }
}
