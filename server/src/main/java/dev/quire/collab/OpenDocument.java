package dev.quire.collab;

import dev.quire.doc.RichText;
import dev.quire.ot.Delta;
import dev.quire.ot.InvalidDeltaException;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.LoadedDocument;
import dev.quire.store.OpPage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The state of one open document, with one owner: its title and times, its content and version, the snapshot
 * bookkeeping, what it is (deleted, closing, failed), the commit everything told next waits for, the history kept in
 * memory and the seqs committed by each client. It changes only through the methods that say what happened.
 *
 * <p>Confined to the document's {@link SerialExecutor}; the hub and the functions it runs over this (the edit path,
 * saves, direct writes, shutdown) are its only users, always on that sequence.
 */
final class OpenDocument {
    /** See {@link #snapshotIfDue}. */
    static final int SNAPSHOT_CHARS_PER_VERSION = 100;

    private final String id;
    private final HubSettings settings;
    private String title;
    private final Instant createdAt;
    private Instant updatedAt;
    /** The content at {@link #version}: a tree, so a small op on a large document stays cheap. */
    private final RichText content;
    /** Written on the document's sequence only; volatile so that a head check may read it from its thread. */
    private volatile long version;
    /** The version of the newest snapshot in the store (as far as this document knows). */
    private long snapshotVersion;
    /** Estimated bytes of the ops after {@link #snapshotVersion}: what a load of the document replays. */
    private long bytesSinceSnapshot;
    private final RecentOps recent;
    /** Exactly once: which of each client's ops are committed. */
    private final CommittedSeqs seqs;
    private CompletableFuture<Void> lastCommit = CompletableFuture.completedFuture(null);
    /** Deleted through this hub, or found deleted when opened: it only turns participants away. */
    private boolean deleted;
    /** The server is stopping: ops and REST writes are no longer accepted. */
    private boolean closing;
    private boolean failed;

    OpenDocument(LoadedDocument loaded, DocumentStore store, HubSettings settings) {
        DocumentInfo info = loaded.info();
        this.id = info.id();
        this.settings = settings;
        this.title = info.title();
        this.createdAt = info.createdAt();
        this.updatedAt = info.updatedAt();
        this.recent = new RecentOps(id, store, settings.recentOpsKept(), settings.bytes().recentOps());
        this.seqs = new CommittedSeqs(id, store);
        this.content = RichText.of(loaded.snapshot().content());
        this.snapshotVersion = loaded.snapshot().version();
        this.version = snapshotVersion;
        for (CommittedOp op : loaded.opsAfterSnapshot()) {
            content.apply(op.delta());
            version = op.version();
            bytesSinceSnapshot += recent.remember(op);
        }
    }

    /** A document found deleted: it stands for its id so that a join is turned away instead of creating it. */
    static OpenDocument deletedOne(String id, DocumentStore store, HubSettings settings) {
        Instant never = Instant.EPOCH;
        OpenDocument document = new OpenDocument(new LoadedDocument(new DocumentInfo(id, "", 0, never, never),
                new DocumentSnapshot(0, Delta.ofText("\n")), List.of()), store, settings);
        document.deleted = true;
        return document;
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    long version() {
        return version;
    }

    int length() {
        return content.length();
    }

    /** The content at {@link #version}, as a delta. */
    Delta content() {
        return content.toDelta();
    }

    /**
     * The ops committed after {@code baseVersion}, if they are at most {@code maxBytes}; else null. {@code older}, if
     * not null, holds the first of them, read from the store beforehand ({@link #keepsOpsSince}).
     */
    List<CommittedOp> opsSince(long baseVersion, long maxBytes, OpPage older) {
        return recent.between(baseVersion, version, maxBytes, older);
    }

    /** Whether the ops after {@code baseVersion} are all in memory: if not, sequencing an op on it reads the store. */
    boolean keepsOpsSince(long baseVersion) {
        return baseVersion >= version || recent.holds(baseVersion);
    }

    /** What a message of {@code clientId} with {@code messageSeqs} is, given what the client has committed. */
    CommittedSeqs.Check check(String clientId, List<Long> messageSeqs) {
        return seqs.check(clientId, messageSeqs);
    }

    /** The client's message {@code ops} (one op, or a batch's applied ops) was applied; its commit may be pending. */
    void messageApplied(String clientId, List<CommittedOp> ops) {
        seqs.applied(clientId, ops);
    }

    /** A client's ops are durable: a resend is answered by the store from now on, not from memory. */
    void forgetClient(String clientId) {
        seqs.forget(clientId);
    }

    boolean isDeleted() {
        return deleted;
    }

    boolean isClosing() {
        return closing;
    }

    boolean isFailed() {
        return failed;
    }

    /** The commit that whatever is told from now on waits for (an op's append, a save). */
    CompletableFuture<Void> lastCommit() {
        return lastCommit;
    }

    /** What a welcome gives: the ops missed since {@code resumeFrom} if they are few enough, else the content. */
    Welcome welcome(String clientId, Long resumeFrom, List<Presence> others) {
        long lastSeq = seqs.lastSeq(clientId);
        if (resumeFrom != null && resumeFrom <= version && version - resumeFrom <= settings.maxTransformDistance()) {
            List<CommittedOp> missed = recent.between(resumeFrom, version, settings.bytes().catchUp());
            if (missed != null) {
                return new Welcome(id, title, version, null, missed.stream().map(Edit::of).toList(), others,
                        lastSeq);
            }
        }
        return new Welcome(id, title, version, content.toDelta(), null, others, lastSeq);
    }

    /** The state as it is now (committed once {@link #lastCommit} is). */
    DocumentState state() {
        return new DocumentState(id, title, version, content.toDelta(), createdAt, updatedAt);
    }

    /**
     * Applies {@code change} by {@code author} as the next version; not yet durable.
     *
     * @return the op as it will be committed
     * @throws InvalidDeltaException if it breaks the {@link ContentPolicy} or does not fit the content (nothing
     *                               changed then)
     */
    CommittedOp apply(Delta change, User author, long seq, Instant at) {
        ContentPolicy.checkChange(change, content);
        content.apply(change); // validates first; a rejected change leaves the content as it was
        CommittedOp op = new CommittedOp(version + 1, author.clientId(), seq, change, author.name(), at);
        version = op.version();
        updatedAt = at;
        bytesSinceSnapshot += recent.remember(op);
        return op;
    }

    /**
     * Applies {@code op}, committed already (on a store shared by nodes: by this node or another), as the next
     * version; its client's committed seqs learn it.
     *
     * @throws InvalidDeltaException if it does not fit the content: this copy has diverged from the log
     */
    void applyCommitted(CommittedOp op) {
        if (op.version() != version + 1) {
            throw new IllegalStateException("document " + id + " is at " + version + "; committed op "
                    + op.version() + " does not continue it");
        }
        content.apply(op.delta());
        version = op.version();
        updatedAt = op.committedAt();
        bytesSinceSnapshot += recent.remember(op);
        seqs.committed(op);
    }

    /** {@code op} is in the log (found there by an append): its client's committed seqs learn it. */
    void clientCommitted(CommittedOp op) {
        seqs.committed(op);
    }

    /** The client's committed op with the highest seq, read from the store as it joins (or none): see {@link
     * CommittedSeqs#joined}. */
    void clientJoined(String clientId, List<CommittedOp> lastRun) {
        seqs.joined(clientId, lastRun);
    }

    /**
     * Throws if {@code change} breaks the {@link ContentPolicy} or does not fit the content, changing nothing: what
     * {@link #contentCopy()} then {@code apply} would tell, without the copy (linear in the document's length).
     */
    void checkFits(Delta change) {
        ContentPolicy.checkChange(change, content);
        content.check(change);
    }

    /** A copy of the content, to try changes on without touching it. */
    RichText contentCopy() {
        return RichText.of(content.toDelta());
    }

    /**
     * The snapshot to store at the current version, taken as stored from now on; null if none is due: every
     * {@code snapshotEvery} versions, or on a long document every {@code length / SNAPSHOT_CHARS_PER_VERSION}
     * versions if that is more. A snapshot costs time in proportion to the document's length (on this thread, and on
     * the store's writer), so a fixed interval made a fast typist on a long document pay for the whole document every
     * few hundred keystrokes; spaced by length, each op pays for at most {@value #SNAPSHOT_CHARS_PER_VERSION}
     * characters of snapshot, and a load replays at most that many ops more.
     *
     * <p>Also when the ops since the last snapshot reach {@link ByteLimits#snapshotEvery()} bytes, or twice the
     * document's length if that is more: a load replays them all from one list, and a few hundred large ops on a
     * short document made that list hundreds of megabytes. Spaced so, each op still pays for no more snapshot than
     * its own size.
     */
    DocumentSnapshot snapshotIfDue() {
        long interval = Math.max(settings.snapshotEvery(), content.length() / SNAPSHOT_CHARS_PER_VERSION);
        boolean due = version - snapshotVersion >= interval
                || bytesSinceSnapshot >= Math.max(settings.bytes().snapshotEvery(), 2L * content.length());
        return due ? snapshotTaken() : null;
    }

    /** The snapshot to store when the server stops, unless the latest one is of this version already (or moot). */
    DocumentSnapshot lastSnapshot() {
        return !deleted && !failed && version > snapshotVersion ? snapshotTaken() : null;
    }

    private DocumentSnapshot snapshotTaken() {
        snapshotVersion = version;
        bytesSinceSnapshot = 0;
        return new DocumentSnapshot(version, content.toDelta());
    }

    /** A commit (an append, a save) was started: what is told from now on waits for it. */
    void committing(CompletableFuture<Void> commit) {
        lastCommit = commit;
    }

    void renamed(String newTitle, Instant at) {
        title = newTitle;
        updatedAt = at;
    }

    /** A delete is under way or done: joins and writes are turned away. */
    void deleted() {
        deleted = true;
    }

    /** The delete could not be stored: the document is back. */
    void deleteFailed() {
        deleted = false;
    }

    /** The server stops: from now on the content does not change. */
    void closing() {
        closing = true;
    }

    /** A commit failed: memory is ahead of storage, nothing more may be acknowledged. */
    void failed() {
        failed = true;
    }
}
