package dev.quire.store;

import dev.quire.webhook.InMemoryWebhookStore;
import dev.quire.webhook.WebhookStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The reference {@link DocumentStore}: everything in memory, nothing survives the process.
 * Thread-safe by one lock; used by tests and as the executable definition of the contract.
 */
public final class InMemoryDocumentStore implements DocumentStore {
    /** Where saves' messages go, under this store's lock (as one transaction would). */
    private final WebhookStore outbox;

    /** A store whose saves' messages are dropped. */
    public InMemoryDocumentStore() {
        this(new InMemoryWebhookStore());
    }

    /** A store that enqueues what each save announces into {@code outbox}, atomically with the save. */
    public InMemoryDocumentStore(WebhookStore outbox) {
        this(outbox, AppendAdmission.defaults());
    }

    /**
     * A store whose appends are admitted by {@code admission}; its appends complete at once, so only reservations
     * not yet released fill it.
     */
    public InMemoryDocumentStore(WebhookStore outbox, AppendAdmission admission) {
        this.outbox = outbox;
        this.admission = admission;
    }

    private final AppendAdmission admission;

    @Override
    public AppendReservation reserveAppend(int ops, long bytes) {
        return admission.reserve(ops, bytes);
    }

    private final Map<String, Entry> documents = new HashMap<>();

    private static final class Entry {
        DocumentInfo info;
        final TreeMap<Long, DocumentSnapshot> snapshots = new TreeMap<>();
        final List<CommittedOp> log = new ArrayList<>();
        final Map<String, CommittedOp> bySeq = new HashMap<>();
        /** Each client's op with the highest seq. */
        final Map<String, CommittedOp> lastBySeq = new HashMap<>();
        final List<SavedVersion> saves = new ArrayList<>();
        /** Each fenced client's lowest acceptable seq. */
        final Map<String, Long> fences = new HashMap<>();
        boolean deleted;

        Entry(DocumentInfo info, DocumentSnapshot snapshot) {
            this.info = info;
            snapshots.put(snapshot.version(), snapshot);
        }

        DocumentSnapshot latest() {
            return snapshots.lastEntry().getValue();
        }
    }

    /** The entry of a live document, or null (unknown or deleted). */
    private Entry live(String id) {
        Entry entry = documents.get(id);
        return entry == null || entry.deleted ? null : entry;
    }

    @Override
    public synchronized boolean create(String id, String title, DocumentSnapshot content, Instant at,
                                       List<OutboxMessage> announce) {
        if (documents.containsKey(id)) {
            return false;
        }
        documents.put(id, new Entry(new DocumentInfo(id, title, content.version(), at, at), content));
        announce.forEach(outbox::enqueue);
        return true;
    }

    @Override
    public synchronized Optional<LoadedDocument> load(String id) {
        Entry entry = live(id);
        if (entry == null) {
            return Optional.empty();
        }
        DocumentSnapshot snapshot = entry.latest();
        return Optional.of(new LoadedDocument(entry.info, snapshot, opsLocked(entry, snapshot.version(), Long.MAX_VALUE)));
    }

    @Override
    public synchronized CompletableFuture<Void> appendAll(String id, List<CommittedOp> ops) {
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("nothing to append to " + id);
        }
        Entry entry = live(id);
        if (entry == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no document " + id));
        }
        long expected = entry.info.version() + 1;
        for (CommittedOp op : ops) {
            if (op.version() != expected++) {
                return CompletableFuture.failedFuture(new VersionConflictException(id, op.version()));
            }
        }
        for (CommittedOp op : ops) {
            entry.log.add(op);
            entry.bySeq.put(seqKey(op.clientId(), op.seq()), op);
            entry.lastBySeq.merge(op.clientId(), op, (old, now) -> now.seq() > old.seq() ? now : old);
        }
        CommittedOp last = ops.get(ops.size() - 1);
        DocumentInfo info = entry.info;
        entry.info = new DocumentInfo(id, info.title(), last.version(), info.createdAt(), last.committedAt());
        return CompletableFuture.completedFuture(null);
    }

    /** As the stores of a database: the (client, seq) look-up, then the fences, under this store's lock. */
    @Override
    public synchronized CompletableFuture<Appended> appendAfter(String id, long head,
                                                                List<List<CommittedOp>> messages) {
        List<List<CommittedOp>> copied = messages.stream().filter(m -> !m.isEmpty()).map(List::copyOf).toList();
        if (copied.isEmpty()) {
            throw new IllegalArgumentException("nothing to append to " + id);
        }
        Entry entry = live(id);
        if (entry == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no document " + id));
        }
        long current = entry.info.version();
        if (head > current) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("head " + head + " is beyond "
                    + current));
        }
        List<CommittedOp> others = opsLocked(entry, head, current);
        List<CommittedOp> found = copied.stream().flatMap(List::stream)
                .map(op -> entry.bySeq.get(seqKey(op.clientId(), op.seq()))).filter(Objects::nonNull)
                .sorted(Comparator.comparingLong(CommittedOp::version)).toList();
        if (!found.isEmpty()) {
            return CompletableFuture.completedFuture(new Appended(others, List.of(), found));
        }
        Appended appended = Appended.admitting(others, copied, entry.fences, current);
        if (!appended.ours().isEmpty()) {
            appendAll(id, appended.ours()).join();
        }
        return CompletableFuture.completedFuture(appended);
    }

    @Override
    public synchronized Optional<CommittedOp> lastBySeqFencing(String id, String clientId, long inFlightSeq) {
        if (inFlightSeq < 1 || inFlightSeq == Long.MAX_VALUE) {
            throw new IllegalArgumentException("a seq in flight is positive: " + inFlightSeq);
        }
        Entry entry = live(id);
        if (entry == null) {
            return Optional.empty();
        }
        CommittedOp last = entry.lastBySeq.get(clientId);
        if (last == null || last.seq() < inFlightSeq) {
            entry.fences.merge(clientId, inFlightSeq + 1, Math::max);
        }
        return Optional.ofNullable(last);
    }

    @Override
    public synchronized List<CommittedOp> ops(String id, long fromExclusive, long toInclusive) {
        Entry entry = live(id);
        return entry == null ? List.of() : opsLocked(entry, fromExclusive, toInclusive);
    }

    private static List<CommittedOp> opsLocked(Entry entry, long fromExclusive, long toInclusive) {
        List<CommittedOp> result = new ArrayList<>();
        for (CommittedOp op : entry.log) {
            if (op.version() > fromExclusive && op.version() <= toInclusive) {
                result.add(op);
            }
        }
        return result;
    }

    @Override
    public synchronized Optional<CommittedOp> findBySeq(String id, String clientId, long seq) {
        Entry entry = live(id);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.bySeq.get(seqKey(clientId, seq)));
    }

    @Override
    public synchronized Optional<CommittedOp> lastBySeq(String id, String clientId) {
        Entry entry = live(id);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.lastBySeq.get(clientId));
    }

    @Override
    public synchronized CompletableFuture<Void> saveSnapshot(String id, DocumentSnapshot snapshot) {
        Entry entry = live(id);
        if (entry != null && snapshot.version() > entry.info.version()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("snapshot version "
                    + snapshot.version() + " is beyond document " + id + "'s version " + entry.info.version()));
        }
        if (entry != null) {
            entry.snapshots.putIfAbsent(snapshot.version(), snapshot);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized Optional<DocumentSnapshot> snapshotAtOrBefore(String id, long version) {
        Entry entry = live(id);
        if (entry == null || version < 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(entry.snapshots.floorEntry(version)).map(Map.Entry::getValue);
    }

    @Override
    public synchronized CompletableFuture<SavedVersion> save(String id, SaveRequest request) {
        Entry entry = live(id);
        if (entry == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no document " + id));
        }
        if (request.documentVersion() > entry.info.version()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot save version "
                    + request.documentVersion() + " of document " + id + ": its version is " + entry.info.version()));
        }
        long previous = entry.saves.isEmpty() ? 0 : entry.saves.get(entry.saves.size() - 1).documentVersion();
        SavedVersion saved = request.numbered(id, entry.saves.size() + 1L, previous);
        List<OutboxMessage> messages;
        try {
            messages = request.outbox().messagesFor(saved);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // as the SQLite store: no messages, no save
        }
        messages.forEach(outbox::enqueue);
        entry.saves.add(saved);
        return CompletableFuture.completedFuture(saved);
    }

    @Override
    public synchronized List<SavedVersion> savedVersions(String id) {
        Entry entry = live(id);
        if (entry == null) {
            return List.of();
        }
        List<SavedVersion> newestFirst = new ArrayList<>(entry.saves);
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public synchronized Optional<SavedVersion> savedVersion(String id, long number) {
        Entry entry = live(id);
        return entry == null || number < 1 || number > entry.saves.size()
                ? Optional.empty() : Optional.of(entry.saves.get((int) number - 1));
    }

    @Override
    public synchronized Optional<SavedVersion> latestSave(String id) {
        Entry entry = live(id);
        return entry == null || entry.saves.isEmpty()
                ? Optional.empty() : Optional.of(entry.saves.get(entry.saves.size() - 1));
    }

    @Override
    public synchronized boolean rename(String id, String title, Instant at) {
        Entry entry = live(id);
        if (entry == null) {
            return false;
        }
        DocumentInfo info = entry.info;
        entry.info = new DocumentInfo(id, title, info.version(), info.createdAt(), at);
        return true;
    }

    @Override
    public synchronized boolean delete(String id, Instant at, List<OutboxMessage> announce) {
        Entry entry = live(id);
        if (entry == null) {
            return false;
        }
        announce.forEach(outbox::enqueue);
        // The entry stays as a tombstone so that the id is never reused; its data is dropped.
        entry.deleted = true;
        entry.log.clear();
        entry.bySeq.clear();
        entry.lastBySeq.clear();
        entry.fences.clear();
        entry.saves.clear();
        return true;
    }

    @Override
    public synchronized List<DocumentInfo> list() {
        List<DocumentInfo> infos = new ArrayList<>();
        documents.values().stream().filter(e -> !e.deleted).forEach(e -> infos.add(e.info));
        infos.sort(Comparator.comparing(DocumentInfo::updatedAt).reversed().thenComparing(DocumentInfo::id));
        return infos;
    }

    @Override
    public void close() {
        // nothing to release
    }

    private static String seqKey(String clientId, long seq) {
        return clientId + '\u0000' + seq;
    }
}
