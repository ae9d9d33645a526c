package dev.quire.store;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Durable storage of documents and their op logs.
 *
 * <p>Thread-safe. Appends for one document are made in version order by its hub; the store may
 * batch appends of many documents into one transaction (group commit) but completes each future
 * only once its op is durable. {@code (document, version)} is unique, so in a cluster the
 * database itself orders concurrent writers.
 *
 * <p>Read-your-writes: a read of a document ({@link #load}, {@link #ops}, {@link #findBySeq}, {@link #lastBySeq}) sees
 * every append made to it before the read began, even one whose future has not completed yet (the
 * store waits for it to settle), because the hub applies ops in memory before they are durable and
 * may read back the log up to its in-memory version. Writes other than {@link #append} and
 * {@link #saveSnapshot} and {@link #save} are durable when they return. Instants are kept to the microsecond at
 * least (PostgreSQL's precision).
 *
 * <p>Deleting is soft: a deleted document reads as absent, and its id is never reused
 * ({@link #create} of it returns false), so that callers can tell "gone" from "never existed".
 */
public interface DocumentStore extends AutoCloseable {

    /**
     * Creates a document at version 0 with {@code content}.
     *
     * @return false if a document with this id already exists or was deleted (nothing is changed
     *     then): ids are never reused, so a deleted document cannot come back by a join of its id
     */
    default boolean create(String id, String title, DocumentSnapshot content, Instant at) {
        return create(id, title, content, at, List.of());
    }

    /**
     * {@link #create(String, String, DocumentSnapshot, Instant)} that also records {@code announce} (outbox
     * messages, each with a delivery to every webhook endpoint that wants it) in the same transaction - only if the
     * document is created.
     */
    boolean create(String id, String title, DocumentSnapshot content, Instant at, List<OutboxMessage> announce);

    /** The document's metadata, snapshot and later ops; empty if it does not exist or was deleted. */
    Optional<LoadedDocument> load(String id);

    /**
     * Renames a live document; its {@code updatedAt} becomes {@code at}.
     *
     * @return false if there is no live document with this id
     */
    boolean rename(String id, String title, Instant at);

    /**
     * Deletes a live document (soft: see the class comment): from then on {@code load}, {@code list},
     * {@code ops}, {@code findBySeq} and {@code snapshotAtOrBefore} do not see it, and {@code create}
     * with its id returns false (ids are never reused).
     *
     * @return false if there is no live document with this id
     */
    default boolean delete(String id, Instant at) {
        return delete(id, at, List.of());
    }

    /** {@link #delete(String, Instant)} that also records {@code announce} in the same transaction, if it deletes. */
    boolean delete(String id, Instant at, List<OutboxMessage> announce);

    /**
     * Admits an append of {@code ops} ops of {@code bytes} ({@link CommittedOp#estimatedBytes()}) in all to the write
     * queue, before the caller changes anything for it: the hub applies ops in memory before they are appended, so a
     * full queue must say no before that, not once the op is applied. The caller releases the reservation when the
     * append it admitted has completed, or at once if it does not make it. {@link #appendAll} itself does not check
     * the bound; other writes (create, delete, save, snapshot, ...) are not counted and never refused for it.
     *
     * @throws StorageBusyException if the queue is full (nothing is reserved; try again after its retry time)
     */
    default AppendReservation reserveAppend(int ops, long bytes) {
        return AppendReservation.NONE;
    }

    /**
     * Appends {@code op}, which must have version = current version + 1: {@link #appendAll} of one op.
     */
    default CompletableFuture<Void> append(String id, CommittedOp op) {
        return appendAll(id, List.of(op));
    }

    /**
     * Appends {@code ops} (at least one) atomically: all of them are durable, or none is. Their versions must
     * follow each other from current version + 1. A client's batch of ops is appended this way, so that after a
     * crash it is either wholly committed or wholly absent, and a resend of it is recognised by any of its seqs.
     *
     * @return a future completed when the ops are durable, or completed exceptionally with
     *     {@link VersionConflictException} if a version is taken or they do not follow from current + 1, with
     *     {@link IllegalStateException} if there is no live document {@code id}, or with
     *     {@link StorageException} if the storage failed. Futures of one document complete in
     *     version order.
     */
    CompletableFuture<Void> appendAll(String id, List<CommittedOp> ops);

    /**
     * Whether other processes append to the same documents (a cluster's shared database): then a hub cannot know the
     * head when its append reaches the store, appends with {@link #appendAfter} and applies only what is committed.
     * False for a store of one node, whose hub applies ops before they are durable and appends with {@link
     * #appendAll}.
     */
    default boolean sharedByNodes() {
        return false;
    }

    /**
     * Appends {@code messages} (at least one; each a client's ops made one after another, the first on top of version
     * {@code head}; their versions are not read) after whatever others committed since {@code head}: the store brings
     * each message past those ops and the messages before it ({@link Appended#rebasedAfter}: committed ops keep
     * priority) and commits them after them, atomically and without a retry. If the (client, seq) of any op is in the
     * log already, none is appended: the answer names the ops found ({@link Appended#alreadyCommitted}). Otherwise a
     * message whose first seq is below its client's fence ({@link #lastBySeqFencing}) is not appended, checked under
     * the same serialisation of the document as the append itself: the answer names its ops ({@link
     * Appended#fenced}), and the other messages are committed as if it had not been sent. A fence never refuses a
     * resend whose (client, seq) is in the log (that one is found first) nor a seq above the fence.
     *
     * <p>This default is for a store of one node that keeps no fences, where nothing else commits: {@code head} must
     * be the current version ({@link #appendAll}; the hub of one node has checked the seqs).
     *
     * @return the ops committed after {@code head} (see {@link Appended}), once durable; exceptionally as {@link
     *     #appendAll}
     */
    default CompletableFuture<Appended> appendAfter(String id, long head, List<List<CommittedOp>> messages) {
        List<CommittedOp> ours = Appended.rebasedAfter(List.of(), messages, head);
        if (ours.isEmpty()) {
            throw new IllegalArgumentException("nothing to append to " + id);
        }
        return appendAll(id, ours).thenApply(ignored -> Appended.alone(ours));
    }

    /** Committed ops with {@code fromExclusive < version <= toInclusive}, in version order. */
    List<CommittedOp> ops(String id, long fromExclusive, long toInclusive);

    /**
     * The first of {@link #ops(String, long, long) ops(id, fromExclusive, toInclusive)}, in version order, as many as
     * fit in {@code maxBytes} of their {@link CommittedOp#estimatedBytes()} - but at least the first, so a reader
     * paging through the log always moves on. What is read stays near {@code maxBytes} whatever the range: an
     * implementation that reads from disk stops reading there (this default reads the whole range first, which
     * suits one that holds its log in memory anyway).
     */
    default OpPage ops(String id, long fromExclusive, long toInclusive, long maxBytes) {
        return OpPage.upTo(ops(id, fromExclusive, toInclusive), maxBytes);
    }

    /** The committed op the client submitted with {@code seq}, if any (exactly-once after restarts). */
    Optional<CommittedOp> findBySeq(String id, String clientId, long seq);

    /**
     * The client's committed op with the highest seq, if it has any: a new op of the client must have a larger seq,
     * and only its last message may be resent (exactly-once after restarts, without the log's uniqueness of
     * (document, client, seq) ever being the check).
     */
    Optional<CommittedOp> lastBySeq(String id, String clientId);

    /**
     * {@link #lastBySeq}, for a client that joins with a message in flight whose highest seq is {@code inFlightSeq}
     * (it names it in its hello). If the client's highest committed seq is below it, the message is not in the log:
     * its client will merge it into the content it is welcomed with and send it as a new message, with higher seqs,
     * so the old one must never be committed. This then fences the client's seqs up to {@code inFlightSeq} on the
     * document, in the same transaction as the read (under the same serialisation of the document as appends): from
     * then on {@link #appendAfter} refuses a message of the client whose first seq is at most {@code inFlightSeq} and
     * that is not in the log. A fence only rises, and survives a restart. Durable when it returns.
     *
     * @return as {@link #lastBySeq}; if its seq is below {@code inFlightSeq} (or there is none), the fence is written
     *     (nothing is written for a document that does not exist)
     * @throws IllegalArgumentException if {@code inFlightSeq} is not positive
     */
    Optional<CommittedOp> lastBySeqFencing(String id, String clientId, long inFlightSeq);

    /**
     * Records a snapshot so that loading does not replay the whole log. Saving one at a version
     * that already has one, or for a document that does not exist, changes nothing.
     *
     * @return a future completed when the snapshot is durable, or exceptionally with
     *     {@link IllegalArgumentException} if its version is beyond the document's version, or
     *     with {@link StorageException}
     */
    CompletableFuture<Void> saveSnapshot(String id, DocumentSnapshot snapshot);

    /**
     * The newest stored snapshot at or before {@code version}, for reading old versions (snapshot +
     * replay). The creation content (version 0) is always kept, so this finds one for every
     * version of a live document.
     *
     * @return empty if the document does not exist or was deleted
     */
    Optional<DocumentSnapshot> snapshotAtOrBefore(String id, long version);

    /**
     * Records a numbered saved version of the live document {@code id} (numbers are 1, 2, ... per document). It
     * is written after every append made before it, so it may capture a version whose append is still pending.
     *
     * @return a future completed with the saved version once it is durable, or exceptionally with
     *     {@link IllegalStateException} if there is no live document {@code id}, with
     *     {@link IllegalArgumentException} if {@code request.documentVersion()} is beyond the document's version,
     *     or with {@link StorageException}
     */
    CompletableFuture<SavedVersion> save(String id, SaveRequest request);

    /** The saved versions of a live document, newest first; empty if there are none or no such document. */
    List<SavedVersion> savedVersions(String id);

    /** Saved version {@code number} of a live document. */
    Optional<SavedVersion> savedVersion(String id, long number);

    /** The newest saved version of a live document, if it has one. */
    Optional<SavedVersion> latestSave(String id);

    /** Metadata of live documents, most recently updated first. */
    List<DocumentInfo> list();

    /**
     * The committed head version of each live document among {@code ids} (absent ones are left out): what a node of a
     * cluster compares with its own hubs' versions now and then, to notice commits of other nodes it missed. A store
     * shared by several nodes answers it with one query; this default, for a store of one node, filters {@link
     * #list()}.
     */
    default Map<String, Long> heads(Collection<String> ids) {
        Set<String> wanted = Set.copyOf(ids);
        Map<String, Long> heads = new HashMap<>();
        for (DocumentInfo info : list()) {
            if (wanted.contains(info.id())) {
                heads.put(info.id(), info.version());
            }
        }
        return heads;
    }

    @Override
    void close();
}
