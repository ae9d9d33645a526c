package dev.quire.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The reference {@link DocumentStore}: everything in memory, nothing survives the process.
 * Thread-safe by one lock; used by tests and as the executable definition of the contract.
 */
public final class InMemoryDocumentStore implements DocumentStore {
    private final Map<String, Entry> documents = new HashMap<>();

    private static final class Entry {
        DocumentInfo info;
        boolean deleted;
        DocumentSnapshot snapshot;
        final List<CommittedOp> log = new ArrayList<>();
        final Map<String, CommittedOp> bySeq = new HashMap<>();

        Entry(DocumentInfo info, DocumentSnapshot snapshot) {
            this.info = info;
            this.snapshot = snapshot;
        }
    }

    @Override
    public synchronized boolean create(String id, String title, DocumentSnapshot content, Instant at) {
        if (documents.containsKey(id)) {
            return false;
        }
        documents.put(id, new Entry(new DocumentInfo(id, title, content.version(), at, at), content));
        return true;
    }

    @Override
    public synchronized Optional<LoadedDocument> load(String id) {
        Entry entry = live(id);
        if (entry == null) {
            return Optional.empty();
        }
        long from = entry.snapshot.version();
        return Optional.of(new LoadedDocument(entry.info, entry.snapshot, opsLocked(entry, from, Long.MAX_VALUE)));
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
    public synchronized boolean delete(String id, Instant at) {
        Entry entry = live(id);
        if (entry == null) {
            return false;
        }
        entry.deleted = true;
        return true;
    }

    @Override
    public synchronized CompletableFuture<Void> append(String id, CommittedOp op) {
        Entry entry = live(id);
        if (entry == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no document " + id));
        }
        if (op.version() != entry.info.version() + 1) {
            return CompletableFuture.failedFuture(new VersionConflictException(id, op.version()));
        }
        entry.log.add(op);
        entry.bySeq.put(seqKey(op.clientId(), op.seq()), op);
        DocumentInfo info = entry.info;
        entry.info = new DocumentInfo(id, info.title(), op.version(), info.createdAt(), op.committedAt());
        return CompletableFuture.completedFuture(null);
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
    public synchronized CompletableFuture<Void> saveSnapshot(String id, DocumentSnapshot snapshot) {
        Entry entry = documents.get(id);
        if (entry != null && snapshot.version() > entry.info.version()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("snapshot version "
                    + snapshot.version() + " is beyond document " + id + "'s version " + entry.info.version()));
        }
        if (entry != null && snapshot.version() > entry.snapshot.version()) {
            entry.snapshot = snapshot;
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized List<DocumentInfo> list() {
        List<DocumentInfo> infos = new ArrayList<>();
        documents.values().forEach(e -> {
            if (!e.deleted) {
                infos.add(e.info);
            }
        });
        infos.sort(Comparator.comparing(DocumentInfo::updatedAt).reversed().thenComparing(DocumentInfo::id));
        return infos;
    }

    @Override
    public void close() {
        // nothing to release
    }

    private Entry live(String id) {
        Entry entry = documents.get(id);
        return entry == null || entry.deleted ? null : entry;
    }

    private static String seqKey(String clientId, long seq) {
        return clientId + '\u0000' + seq;
    }
}
