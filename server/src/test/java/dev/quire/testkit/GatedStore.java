package dev.quire.testkit;

import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.InMemoryDocumentStore;
import dev.quire.store.LoadedDocument;
import dev.quire.store.OpPage;
import dev.quire.store.OutboxMessage;
import dev.quire.store.SaveRequest;
import dev.quire.store.SavedVersion;
import dev.quire.store.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory store whose {@code load}, {@code create}, {@code rename} and {@code delete} calls named by
 * {@link #hold} (or {@link #holdEvery}) wait until the test {@link #open}s the gate, as a slow disk or a long fsync would: for showing what
 * keeps going while a store call is under way. A held call that is never released gives up after a minute, so a
 * failing test cannot hang the build.
 */
public final class GatedStore implements DocumentStore {
    /** The calls that may be held: the ones that block their caller. */
    public enum Call { LOAD, CREATE, RENAME, DELETE }


    private final InMemoryDocumentStore store = new InMemoryDocumentStore();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Set<Call> heldEvery = ConcurrentHashMap.newKeySet();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    /** From now on, {@code call} of any of {@code ids} waits for the gate. */
    public GatedStore hold(Call call, String... ids) {
        for (String id : ids) {
            held.add(call + " " + id);
        }
        return this;
    }

    /** The next {@code call} of {@code id} fails with a {@link StorageException}, as a broken disk would. */
    public GatedStore failOnce(Call call, String id) {
        failing.add(call + " " + id);
        return this;
    }

    /** From now on, {@code call} of every document waits for the gate (for ids the server makes up). */
    public GatedStore holdEvery(Call call) {
        heldEvery.add(call);
        return this;
    }

    /** Lets every held call, and every later one, through. */
    public void open() {
        gate.countDown();
    }

    /** How many calls are waiting at the gate now. */
    public int waiting() {
        return waiting.get();
    }

    /** The store underneath, for setting up and checking without the gate. */
    public InMemoryDocumentStore inner() {
        return store;
    }

    private void pass(Call call, String id) {
        if (failing.remove(call + " " + id)) {
            throw new StorageException("the test broke the store's " + call + " of " + id);
        }
        if ((!held.contains(call + " " + id) && !heldEvery.contains(call)) || gate.getCount() == 0) {
            return;
        }
        waiting.incrementAndGet();
        try {
            if (!gate.await(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            waiting.decrementAndGet();
        }
    }

    @Override
    public boolean create(String id, String title, DocumentSnapshot content, Instant at, List<OutboxMessage> announce) {
        pass(Call.CREATE, id);
        return store.create(id, title, content, at, announce);
    }

    @Override
    public Optional<LoadedDocument> load(String id) {
        pass(Call.LOAD, id);
        return store.load(id);
    }

    @Override
    public boolean rename(String id, String title, Instant at) {
        pass(Call.RENAME, id);
        return store.rename(id, title, at);
    }

    @Override
    public boolean delete(String id, Instant at, List<OutboxMessage> announce) {
        pass(Call.DELETE, id);
        return store.delete(id, at, announce);
    }

    @Override
    public CompletableFuture<Void> appendAll(String id, List<CommittedOp> ops) {
        return store.appendAll(id, ops);
    }

    @Override
    public List<CommittedOp> ops(String id, long fromExclusive, long toInclusive) {
        return store.ops(id, fromExclusive, toInclusive);
    }

    @Override
    public OpPage ops(String id, long fromExclusive, long toInclusive, long maxBytes) {
        return store.ops(id, fromExclusive, toInclusive, maxBytes);
    }

    @Override
    public Optional<CommittedOp> findBySeq(String id, String clientId, long seq) {
        return store.findBySeq(id, clientId, seq);
    }

    @Override
    public Optional<CommittedOp> lastBySeq(String id, String clientId) {
        return store.lastBySeq(id, clientId);
    }

    @Override
    public Optional<CommittedOp> lastBySeqFencing(String id, String clientId, long inFlightSeq) {
        return store.lastBySeqFencing(id, clientId, inFlightSeq);
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(String id, DocumentSnapshot snapshot) {
        return store.saveSnapshot(id, snapshot);
    }

    @Override
    public Optional<DocumentSnapshot> snapshotAtOrBefore(String id, long version) {
        return store.snapshotAtOrBefore(id, version);
    }

    @Override
    public CompletableFuture<SavedVersion> save(String id, SaveRequest request) {
        return store.save(id, request);
    }

    @Override
    public List<SavedVersion> savedVersions(String id) {
        return store.savedVersions(id);
    }

    @Override
    public Optional<SavedVersion> savedVersion(String id, long number) {
        return store.savedVersion(id, number);
    }

    @Override
    public Optional<SavedVersion> latestSave(String id) {
        return store.latestSave(id);
    }

    @Override
    public List<DocumentInfo> list() {
        return store.list();
    }

    @Override
    public void close() {
        open();
        store.close();
    }
}
