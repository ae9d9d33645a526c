package dev.quire.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DocumentStore} must do, run by each implementation's test (extend it and say
 * how to open a fresh store). The in-memory store is the reference: a behaviour added here must
 * pass there first.
 */
public abstract class DocumentStoreContractTest {
    /** Microsecond precision: what every store keeps (see {@link DocumentStore}). */
    protected static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");
    protected static final DocumentSnapshot EMPTY = new DocumentSnapshot(0, Delta.ofText("\n"));

    protected DocumentStore store;

    /** A new, empty store. */
    protected abstract DocumentStore openStore() throws Exception;

    /** A new, empty store whose write queue of appends is bounded by {@code admission}. */
    protected abstract DocumentStore openStore(AppendAdmission admission) throws Exception;

    /**
     * {@link #store} closed and opened again on the same data, as after a restart; null for a store that keeps
     * nothing across processes.
     */
    protected DocumentStore reopened() throws Exception {
        return null;
    }

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** The op that inserts {@code text} at the start, made by {@code client} as its {@code seq}. */
    protected static CommittedOp op(long version, String client, long seq, String text) {
        return new CommittedOp(version, client, seq, Delta.builder().insert(text).build(), "Author " + client,
                at(version));
    }

    protected static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("future did not complete normally", e);
        }
    }

    protected static Throwable failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        return e.getCause();
    }

    protected static Delta replay(LoadedDocument loaded) {
        Delta content = loaded.snapshot().content();
        for (CommittedOp op : loaded.opsAfterSnapshot()) {
            content = op.delta().applyTo(content);
        }
        return content;
    }

    protected void appendAll(String id, CommittedOp... ops) {
        for (CommittedOp op : ops) {
            await(store.append(id, op));
        }
    }

    @Test
    void reserveAppend_queueFullByOps_refusedAtOnceWithARetryTime_untilRoomIsReleased() throws Exception {
        try (DocumentStore bounded = openStore(new AppendAdmission(2, 1 << 20))) {
            AppendReservation first = bounded.reserveAppend(1, 100);
            bounded.reserveAppend(1, 100);

            StorageBusyException busy = assertThrows(StorageBusyException.class, () -> bounded.reserveAppend(1, 100));
            assertTrue(busy.retryAfter().toMillis() > 0, busy.getMessage());

            first.release();
            first.release(); // a second release gives nothing back twice
            bounded.reserveAppend(1, 100);
            assertThrows(StorageBusyException.class, () -> bounded.reserveAppend(1, 100));
        }
    }

    @Test
    void reserveAppend_queueFullByBytes_refused_butOneLargerThanTheBoundPassesAlone() throws Exception {
        try (DocumentStore bounded = openStore(new AppendAdmission(1_000, 1_000))) {
            AppendReservation large = bounded.reserveAppend(3, 5_000); // alone: admitted, so it is never stuck
            assertThrows(StorageBusyException.class, () -> bounded.reserveAppend(1, 1));
            large.release();
            AppendReservation most = bounded.reserveAppend(1, 900);
            assertThrows(StorageBusyException.class, () -> bounded.reserveAppend(1, 101));
            bounded.reserveAppend(1, 100);
            most.release();
        }
    }

    @Test
    void reserveAppend_admittedAppend_isAppendedAsUsual() throws Exception {
        try (DocumentStore bounded = openStore(new AppendAdmission(1, 1 << 20))) {
            bounded.create("a", "A", EMPTY, T0);
            CommittedOp op = op(1, "c1", 1, "x");
            AppendReservation room = bounded.reserveAppend(1, op.estimatedBytes());
            bounded.appendAll("a", List.of(op)).whenComplete((ignored, error) -> room.release()).get(10, TimeUnit.SECONDS);
            bounded.reserveAppend(1, op.estimatedBytes()); // the room came back with the completed append
            assertEquals(List.of(op), bounded.ops("a", 0, 1));
        }
    }

    @Test
    void create_newId_loadsAtVersionZeroWithItsContent() {
        DocumentSnapshot content = new DocumentSnapshot(0, Delta.ofText("Hello\n"));
        assertTrue(store.create("a", "Notes", content, T0));

        LoadedDocument loaded = store.load("a").orElseThrow();
        assertEquals(new DocumentInfo("a", "Notes", 0, T0, T0), loaded.info());
        assertEquals(content, loaded.snapshot());
        assertEquals(List.of(), loaded.opsAfterSnapshot());
    }

    @Test
    void create_existingId_returnsFalseAndChangesNothing() {
        store.create("a", "First", EMPTY, T0);
        assertFalse(store.create("a", "Second", new DocumentSnapshot(0, Delta.ofText("x\n")), at(9)));
        LoadedDocument loaded = store.load("a").orElseThrow();
        assertEquals("First", loaded.info().title());
        assertEquals(EMPTY, loaded.snapshot());
    }

    @Test
    void load_unknownId_isEmpty() {
        assertTrue(store.load("nope").isEmpty());
        assertEquals(List.of(), store.ops("nope", 0, Long.MAX_VALUE));
        assertTrue(store.findBySeq("nope", "c", 1).isEmpty());
    }

    @Test
    void append_inVersionOrder_loadReplaysToTheContent() {
        store.create("a", "A", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "one "), op(2, "c2", 1, "two "), op(3, "c1", 2, "three "));

        LoadedDocument loaded = store.load("a").orElseThrow();
        assertEquals(3, loaded.info().version());
        assertEquals(at(3), loaded.info().updatedAt(), "updatedAt is the last op's time");
        assertEquals(List.of(op(1, "c1", 1, "one "), op(2, "c2", 1, "two "), op(3, "c1", 2, "three ")),
                loaded.opsAfterSnapshot());
        assertEquals(Delta.ofText("three two one \n"), replay(loaded));
    }

    @Test
    void append_versionAlreadyTaken_failsWithVersionConflict() {
        store.create("a", "A", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "x"));
        assertInstanceOf(VersionConflictException.class, failureOf(store.append("a", op(1, "c2", 1, "y"))));
        assertEquals(List.of(op(1, "c1", 1, "x")), store.ops("a", 0, 10));
    }

    @Test
    void append_versionNotNext_failsWithVersionConflict() {
        store.create("a", "A", EMPTY, T0);
        assertInstanceOf(VersionConflictException.class, failureOf(store.append("a", op(2, "c1", 1, "x"))));
        assertEquals(0, store.load("a").orElseThrow().info().version());
    }

    @Test
    void appendAll_consecutiveOps_areStoredTogether_andFoundBySeq() {
        store.create("a", "A", EMPTY, T0);
        await(store.appendAll("a", List.of(op(1, "c1", 1, "one "), op(2, "c1", 2, "two "), op(3, "c1", 3, "three "))));

        LoadedDocument loaded = store.load("a").orElseThrow();
        assertEquals(3, loaded.info().version());
        assertEquals(at(3), loaded.info().updatedAt(), "updatedAt is the last op's time");
        assertEquals(Delta.ofText("three two one \n"), replay(loaded));
        assertEquals(2, store.findBySeq("a", "c1", 2).orElseThrow().version());
    }

    @Test
    void appendAfter_theCurrentHead_commitsTheOpsAsTheyAre_withNothingOfOthers() {
        store.create("a", "A", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "one "));

        Appended answer = await(store.appendAfter("a", 1, List.of(List.of(op(2, "c2", 1, "two "),
                op(3, "c2", 2, "three ")))));

        assertEquals(List.of(), answer.others());
        assertEquals(List.of(), answer.alreadyCommitted());
        assertEquals(List.of(2L, 3L), answer.ours().stream().map(CommittedOp::version).toList());
        assertEquals(Delta.ofText("three two one \n"), replay(store.load("a").orElseThrow()));
        assertEquals(3, store.findBySeq("a", "c2", 2).orElseThrow().version());
    }

    @Test
    void appendAll_withAVersionGapInside_storesNoneOfThem() {
        store.create("a", "A", EMPTY, T0);
        assertInstanceOf(VersionConflictException.class,
                failureOf(store.appendAll("a", List.of(op(1, "c1", 1, "x"), op(3, "c1", 2, "y")))));
        assertEquals(0, store.load("a").orElseThrow().info().version());
        assertTrue(store.ops("a", 0, 10).isEmpty());
        assertTrue(store.findBySeq("a", "c1", 1).isEmpty(), "not even the first op of the refused batch");
    }

    @Test
    void append_unknownDocument_failsWithIllegalState() {
        assertInstanceOf(IllegalStateException.class, failureOf(store.append("nope", op(1, "c1", 1, "x"))));
    }

    @Test
    void append_pipelinedWithAConflict_failsOnlyThatDocumentsLaterOps() {
        store.create("a", "A", EMPTY, T0);
        store.create("b", "B", EMPTY, T0);
        // Nothing awaited in between: a group-committing store may put all of these in one batch.
        CompletableFuture<Void> a1 = store.append("a", op(1, "c1", 1, "a1"));
        CompletableFuture<Void> a3 = store.append("a", op(3, "c1", 3, "a3"));
        CompletableFuture<Void> a4 = store.append("a", op(4, "c1", 4, "a4"));
        CompletableFuture<Void> b1 = store.append("b", op(1, "c2", 1, "b1"));
        CompletableFuture<Void> b2 = store.append("b", op(2, "c2", 2, "b2"));

        await(a1);
        assertInstanceOf(VersionConflictException.class, failureOf(a3));
        assertInstanceOf(VersionConflictException.class, failureOf(a4));
        await(b1);
        await(b2);
        assertEquals(1, store.load("a").orElseThrow().info().version());
        assertEquals(2, store.load("b").orElseThrow().info().version());
    }

    @Test
    void append_pipelined_futuresCompleteInVersionOrder() {
        store.create("a", "A", EMPTY, T0);
        List<Long> completed = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (long v = 1; v <= 300; v++) {
            long version = v;
            futures.add(store.append("a", op(version, "c1", version, "x")).whenComplete((r, e) -> completed.add(version)));
        }
        futures.forEach(DocumentStoreContractTest::await);
        List<Long> expected = new ArrayList<>();
        for (long v = 1; v <= 300; v++) {
            expected.add(v);
        }
        assertEquals(expected, completed);
    }

    @Test
    void reads_seeAppendsNotYetAwaited() {
        store.create("a", "A", EMPTY, T0);
        CompletableFuture<Void> pending = null;
        for (long v = 1; v <= 50; v++) {
            pending = store.append("a", op(v, "c1", v, "x"));
        }
        // The hub reads back its log up to its in-memory version before the commit is acknowledged.
        assertEquals(50, store.ops("a", 0, 50).size());
        assertEquals(50, store.findBySeq("a", "c1", 50).orElseThrow().version());
        assertEquals(50, store.load("a").orElseThrow().info().version());
        await(pending);
    }

    @Test
    void ops_rangeIsExclusiveInclusive() {
        store.create("a", "A", EMPTY, T0);
        for (long v = 1; v <= 6; v++) {
            appendAll("a", op(v, "c1", v, "x" + v));
        }
        assertEquals(List.of(3L, 4L, 5L), store.ops("a", 2, 5).stream().map(CommittedOp::version).toList());
        assertEquals(List.of(6L), store.ops("a", 5, 100).stream().map(CommittedOp::version).toList());
        assertEquals(List.of(), store.ops("a", 6, 100));
        assertEquals(List.of(), store.ops("a", 4, 4));
    }

    @Test
    void opsWithByteBound_stopsBeforeTheOpThatWouldPassIt_andSaysSo() {
        store.create("a", "A", EMPTY, T0);
        for (long v = 1; v <= 6; v++) {
            appendAll("a", op(v, "c1", v, "y".repeat(1_000)));
        }
        long each = store.ops("a", 0, 1).get(0).estimatedBytes();
        OpPage three = store.ops("a", 0, 6, 3 * each);
        assertEquals(List.of(1L, 2L, 3L), versions(three));
        assertTrue(three.cut());
        assertEquals(List.of(3L, 4L), versions(store.ops("a", 2, 6, 3 * each - 1)));
        OpPage all = store.ops("a", 0, 6, Long.MAX_VALUE);
        assertEquals(6, all.ops().size());
        assertFalse(all.cut());
        OpPage rest = store.ops("a", 4, 100, 2 * each);
        assertEquals(List.of(5L, 6L), versions(rest));
        assertFalse(rest.cut(), "the log ends where the bytes do: nothing more follows");
        assertEquals(List.of(), store.ops("a", 6, 10, each).ops());
        assertEquals(List.of(), store.ops("nope", 0, 10, each).ops());
    }

    @Test
    void opsWithByteBound_aFirstOpLargerThanTheBound_isReturnedAlone() {
        store.create("a", "A", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "z".repeat(10_000)), op(2, "c1", 2, "small"));
        OpPage page = store.ops("a", 0, 2, 100);
        assertEquals(List.of(1L), versions(page), "a reader paging through the log must always get somewhere");
        assertTrue(page.cut());
    }

    private static List<Long> versions(OpPage page) {
        return page.ops().stream().map(CommittedOp::version).toList();
    }

    @Test
    void findBySeq_findsTheClientsOpOnly() {
        store.create("a", "A", EMPTY, T0);
        store.create("b", "B", EMPTY, T0);
        appendAll("a", op(1, "c1", 7, "x"), op(2, "c2", 7, "y"));
        appendAll("b", op(1, "c1", 8, "z"));

        assertEquals(op(1, "c1", 7, "x"), store.findBySeq("a", "c1", 7).orElseThrow());
        assertEquals(op(2, "c2", 7, "y"), store.findBySeq("a", "c2", 7).orElseThrow());
        assertTrue(store.findBySeq("a", "c1", 8).isEmpty(), "seq 8 of c1 is in another document");
        assertTrue(store.findBySeq("a", "c3", 7).isEmpty());
    }

    @Test
    void lastBySeq_isTheClientsOpWithTheHighestSeq_inThatDocument() {
        store.create("a", "A", EMPTY, T0);
        store.create("b", "B", EMPTY, T0);
        appendAll("a", op(1, "c1", 3, "x"), op(2, "c2", 9, "y"), op(3, "c1", 5, "z"));
        await(store.appendAll("a", List.of(op(4, "c1", 6, "p"), op(5, "c1", 8, "q"))));
        appendAll("b", op(1, "c1", 20, "w"));

        assertEquals(op(5, "c1", 8, "q"), store.lastBySeq("a", "c1").orElseThrow());
        assertEquals(op(2, "c2", 9, "y"), store.lastBySeq("a", "c2").orElseThrow());
        assertTrue(store.lastBySeq("a", "c3").isEmpty());
        assertTrue(store.lastBySeq("nope", "c1").isEmpty());
    }

    @Test
    void saveSnapshot_loadReturnsItWithOnlyTheLaterOps() {
        store.create("a", "A", EMPTY, T0);
        for (long v = 1; v <= 5; v++) {
            appendAll("a", op(v, "c1", v, "x" + v));
        }
        Delta atThree = replayTo("a", 3);
        await(store.saveSnapshot("a", new DocumentSnapshot(3, atThree)));

        LoadedDocument loaded = store.load("a").orElseThrow();
        assertEquals(new DocumentSnapshot(3, atThree), loaded.snapshot());
        assertEquals(List.of(4L, 5L), loaded.opsAfterSnapshot().stream().map(CommittedOp::version).toList());
        assertEquals(Delta.ofText("x5x4x3x2x1\n"), replay(loaded));

        await(store.saveSnapshot("a", new DocumentSnapshot(2, replayTo("a", 2))));
        assertEquals(3, store.load("a").orElseThrow().snapshot().version(), "an older snapshot does not win");
    }

    @Test
    void saveSnapshot_beyondTheLog_isRefused() {
        store.create("a", "A", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "x"));
        assertInstanceOf(IllegalArgumentException.class,
                failureOf(store.saveSnapshot("a", new DocumentSnapshot(2, Delta.ofText("xy\n")))));
        assertEquals(0, store.load("a").orElseThrow().snapshot().version());
    }

    private Delta replayTo(String id, long version) {
        Delta content = EMPTY.content();
        for (CommittedOp op : store.ops(id, 0, version)) {
            content = op.delta().applyTo(content);
        }
        return content;
    }

    @Test
    void list_liveDocuments_mostRecentlyUpdatedFirst() {
        store.create("a", "A", EMPTY, at(1));
        store.create("b", "B", EMPTY, at(2));
        store.create("c", "C", EMPTY, at(3));
        appendAll("a", new CommittedOp(1, "c1", 1, Delta.builder().insert("x").build(), "A", at(10)));
        store.rename("b", "B2", at(5));
        store.create("d", "D", EMPTY, at(3)); // same time as c: ties go by id

        assertEquals(List.of("a", "b", "c", "d"), store.list().stream().map(DocumentInfo::id).toList());
        assertEquals(new DocumentInfo("b", "B2", 0, at(2), at(5)), store.list().get(1));
    }

    @Test
    void rename_liveDocument_changesTitleAndUpdatedAt() {
        store.create("a", "Old", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "x"));
        assertTrue(store.rename("a", "New", at(50)));
        assertEquals(new DocumentInfo("a", "New", 1, T0, at(50)), store.load("a").orElseThrow().info());
        assertFalse(store.rename("nope", "New", at(50)));
    }

    @Test
    void delete_documentReadsAsAbsent_andItsIdIsNotReused() {
        store.create("a", "A", EMPTY, T0);
        store.create("b", "B", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "x"));

        assertTrue(store.delete("a", at(9)));
        assertTrue(store.load("a").isEmpty());
        assertEquals(List.of("b"), store.list().stream().map(DocumentInfo::id).toList());
        assertEquals(List.of(), store.ops("a", 0, 10));
        assertTrue(store.findBySeq("a", "c1", 1).isEmpty());
        assertTrue(store.lastBySeq("a", "c1").isEmpty());
        assertInstanceOf(IllegalStateException.class, failureOf(store.append("a", op(2, "c1", 2, "y"))));
        assertFalse(store.rename("a", "A2", at(10)));
        assertFalse(store.delete("a", at(10)), "already deleted");
        assertFalse(store.create("a", "Again", EMPTY, at(11)), "a deleted id stays taken");
        assertFalse(store.delete("nope", at(10)));
    }

    @Test
    void concurrentAppends_manyThreadsManyDocuments_allCommitInOrder() throws Exception {
        int documents = 12;
        int threads = 8;
        int opsPerThread = 150;
        for (int d = 0; d < documents; d++) {
            store.create("d" + d, "D", EMPTY, T0);
        }
        long[] next = new long[documents];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<CompletableFuture<Void>>>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                start.await();
                List<CompletableFuture<Void>> futures = new ArrayList<>();
                for (int i = 0; i < opsPerThread; i++) {
                    int d = (thread * 7 + i * 5) % documents;
                    // Like a hub: one document's appends are made in version order, one at a time.
                    synchronized (next) {
                        long version = ++next[d];
                        futures.add(store.append("d" + d, op(version, "t" + thread, i + 1, "t" + thread + ".")));
                    }
                }
                return futures;
            }));
        }
        start.countDown();
        for (Future<List<CompletableFuture<Void>>> w : work) {
            w.get(60, TimeUnit.SECONDS).forEach(DocumentStoreContractTest::await);
        }
        pool.shutdown();

        long total = 0;
        for (int d = 0; d < documents; d++) {
            LoadedDocument loaded = store.load("d" + d).orElseThrow();
            List<CommittedOp> ops = store.ops("d" + d, 0, Long.MAX_VALUE);
            assertEquals(next[d], loaded.info().version());
            assertEquals(next[d], ops.size());
            for (int i = 0; i < ops.size(); i++) {
                assertEquals(i + 1, ops.get(i).version());
            }
            assertEquals(1 + ops.stream().mapToInt(o -> o.delta().length()).sum(), replay(loaded).length());
            total += ops.size();
        }
        assertEquals((long) threads * opsPerThread, total);
    }

    @Test
    void concurrentAppends_sameVersionRace_exactlyOneWins() throws Exception {
        store.create("a", "A", EMPTY, T0);
        for (int round = 1; round <= 20; round++) {
            long version = round;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<CompletableFuture<Void>>> racers = new ArrayList<>();
            for (String client : List.of("x", "y")) {
                racers.add(pool.submit(() -> {
                    start.await();
                    return store.append("a", op(version, client, version, client));
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<CompletableFuture<Void>> racer : racers) {
                CompletableFuture<Void> result = racer.get(30, TimeUnit.SECONDS);
                try {
                    result.get(30, TimeUnit.SECONDS);
                    won++;
                } catch (ExecutionException e) {
                    assertInstanceOf(VersionConflictException.class, e.getCause());
                }
            }
            pool.shutdown();
            assertEquals(1, won, "round " + round);
        }
        assertEquals(20, store.ops("a", 0, 100).size());
    }

    @Test
    void heads_areTheCommittedVersionsOfTheLiveDocumentsAsked() {
        store.create("a", "A", EMPTY, T0);
        store.create("b", "B", EMPTY, T0);
        store.create("c", "C", EMPTY, T0);
        store.create("gone", "G", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "x"), op(2, "c1", 2, "y"));
        await(store.appendAll("c", List.of(op(1, "c2", 1, "p"), op(2, "c2", 2, "q"), op(3, "c2", 3, "r"))));
        store.delete("gone", at(5));

        assertEquals(java.util.Map.of("a", 2L, "b", 0L, "c", 3L),
                store.heads(List.of("a", "b", "c", "gone", "never")));
        assertEquals(java.util.Map.of("c", 3L), store.heads(List.of("c")));
        assertEquals(java.util.Map.of(), store.heads(List.of()));
    }

    // --- saved versions ---

    private static SaveRequest saveOf(long version, SaveTrigger trigger, String label) {
        return new SaveRequest(version, "Title v" + version, trigger, "Ada", at(100 + version), label);
    }

    @Test
    void save_numbersFromOne_listsNewestFirst_findsByNumber() throws Exception {
        store.create("d", "T", EMPTY, T0);
        store.append("d", op(1, "c", 1, "a")).get();
        SavedVersion first = store.save("d", saveOf(1, SaveTrigger.EXPLICIT, "draft")).get();
        store.append("d", op(2, "c", 2, "b")).get();
        SavedVersion second = store.save("d", saveOf(2, SaveTrigger.AUTO, null)).get();

        assertEquals(new SavedVersion("d", 1, 1, "Title v1", SaveTrigger.EXPLICIT, "Ada", at(101), "draft", 0), first);
        assertEquals(new SavedVersion("d", 2, 2, "Title v2", SaveTrigger.AUTO, "Ada", at(102), null, 1), second);
        assertEquals(List.of(second, first), store.savedVersions("d"));
        assertEquals(first, store.savedVersion("d", 1).orElseThrow());
        assertTrue(store.savedVersion("d", 3).isEmpty());
        assertTrue(store.savedVersion("d", 0).isEmpty());
        assertEquals(second, store.latestSave("d").orElseThrow());
    }

    @Test
    void save_afterAnAppendNotYetAwaited_capturesIt() throws Exception {
        store.create("d", "T", EMPTY, T0);
        CompletableFuture<Void> appended = store.append("d", op(1, "c", 1, "a"));
        SavedVersion saved = store.save("d", saveOf(1, SaveTrigger.API, null)).get(10, TimeUnit.SECONDS);
        assertTrue(appended.isDone());
        assertEquals(1, saved.documentVersion());
    }

    @Test
    void save_everyTrigger_isStoredAndReadBack() throws Exception {
        store.create("d", "T", EMPTY, T0);
        long version = 0;
        for (SaveTrigger trigger : SaveTrigger.values()) {
            version++;
            store.append("d", op(version, "c", version, "a")).get();
            SavedVersion saved = store.save("d", saveOf(version, trigger, null)).get();
            assertEquals(trigger, store.savedVersion("d", saved.number()).orElseThrow().trigger());
        }
    }

    @Test
    void save_sameVersionTwice_makesTwoSaves() throws Exception {
        store.create("d", "T", EMPTY, T0);
        store.save("d", saveOf(0, SaveTrigger.EXPLICIT, null)).get();
        SavedVersion again = store.save("d", saveOf(0, SaveTrigger.EXPLICIT, "again")).get();
        assertEquals(2, again.number());
        assertEquals(0, again.previousDocumentVersion());
    }

    @Test
    void save_beyondTheDocumentVersion_failsWithIllegalArgument() {
        store.create("d", "T", EMPTY, T0);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> store.save("d", saveOf(1, SaveTrigger.EXPLICIT, null)).get());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(store.savedVersions("d").isEmpty());
    }

    @Test
    void save_unknownOrDeletedDocument_failsWithIllegalState_andDeletedSavesAreGone() throws Exception {
        ExecutionException unknown = assertThrows(ExecutionException.class,
                () -> store.save("nope", saveOf(0, SaveTrigger.EXPLICIT, null)).get());
        assertInstanceOf(IllegalStateException.class, unknown.getCause());
        store.create("d", "T", EMPTY, T0);
        store.save("d", saveOf(0, SaveTrigger.EXPLICIT, null)).get();
        store.delete("d", at(5));
        assertTrue(store.savedVersions("d").isEmpty());
        assertTrue(store.latestSave("d").isEmpty());
        assertTrue(store.savedVersion("d", 1).isEmpty());
        ExecutionException deleted = assertThrows(ExecutionException.class,
                () -> store.save("d", saveOf(0, SaveTrigger.EXPLICIT, null)).get());
        assertInstanceOf(IllegalStateException.class, deleted.getCause());
    }

    // --- fences (docs/cluster.md, "A join while its op is being committed elsewhere") ---

    /** A message of {@code client} as the hub sends it: its ops, made on the head, versions not read. */
    private static List<CommittedOp> message(String client, long... seqs) {
        List<CommittedOp> ops = new ArrayList<>();
        for (long seq : seqs) {
            ops.add(op(ops.size() + 1, client, seq, client + "#" + seq + " "));
        }
        return ops;
    }

    @Test
    void fence_aSeqInFlightNotInTheLog_refusesItsLateAppend_andCommitsTheOtherMessages() {
        store.create("a", "A", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "one "));

        assertEquals(Optional.of(op(1, "c1", 1, "one ")), store.lastBySeqFencing("a", "c1", 2));
        Appended answer = await(store.appendAfter("a", 1, List.of(message("c1", 2), message("c2", 1))));

        assertEquals(message("c1", 2), answer.fenced());
        assertEquals(List.of(), answer.alreadyCommitted());
        assertEquals(List.of("c2#1"), answer.ours().stream().map(o -> o.clientId() + "#" + o.seq()).toList());
        assertEquals(2, answer.ours().get(0).version());
        assertTrue(store.findBySeq("a", "c1", 2).isEmpty());
        assertEquals(Delta.ofText("c2#1 one \n"), replay(store.load("a").orElseThrow()));
    }

    @Test
    void fence_aWholeBatchBelowIt_isRefused_evenWithNothingElseToAppend() {
        store.create("a", "A", EMPTY, T0);

        assertEquals(Optional.empty(), store.lastBySeqFencing("a", "c1", 3));
        Appended answer = await(store.appendAfter("a", 0, List.of(message("c1", 1, 2, 3))));

        assertEquals(message("c1", 1, 2, 3), answer.fenced());
        assertEquals(List.of(), answer.ours());
        assertEquals(0, store.load("a").orElseThrow().info().version());
    }

    @Test
    void fence_neverRefusesAResendThatIsInTheLog_itIsFoundThere() {
        store.create("a", "A", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "one "), op(2, "c1", 2, "two "));

        assertEquals(2, store.lastBySeqFencing("a", "c1", 3).orElseThrow().seq());
        Appended answer = await(store.appendAfter("a", 2, List.of(message("c1", 2))));

        assertEquals(List.of(op(2, "c1", 2, "two ")), answer.alreadyCommitted());
        assertEquals(List.of(), answer.fenced());
        assertEquals(List.of(), answer.ours());
    }

    @Test
    void fence_letsTheClientsHigherSeqsThrough_andOnlyRises() {
        store.create("a", "A", EMPTY, T0);
        store.lastBySeqFencing("a", "c1", 4);
        store.lastBySeqFencing("a", "c1", 2); // lower: the fence stays above 4

        Appended refused = await(store.appendAfter("a", 0, List.of(message("c1", 3))));
        Appended higher = await(store.appendAfter("a", 0, List.of(message("c1", 5, 6))));

        assertEquals(message("c1", 3), refused.fenced());
        assertEquals(List.of(), higher.fenced());
        assertEquals(List.of(1L, 2L), higher.ours().stream().map(CommittedOp::version).toList());
        assertEquals(6, store.lastBySeq("a", "c1").orElseThrow().seq());
    }

    @Test
    void fence_notWrittenWhenTheSeqInFlightIsInTheLog() {
        store.create("a", "A", EMPTY, T0);
        appendAll("a", op(1, "c1", 1, "one "), op(2, "c1", 2, "two "));

        assertEquals(2, store.lastBySeqFencing("a", "c1", 2).orElseThrow().seq());
        Appended answer = await(store.appendAfter("a", 2, List.of(message("c1", 3))));

        assertEquals(List.of(), answer.fenced());
        assertEquals(3, answer.ours().get(0).version());
    }

    @Test
    void fence_isPerDocumentAndClient_andABadSeqIsRefused() {
        store.create("a", "A", EMPTY, T0);
        store.create("b", "B", EMPTY, T0);
        store.lastBySeqFencing("a", "c1", 5);

        assertEquals(List.of(), await(store.appendAfter("b", 0, List.of(message("c1", 1)))).fenced());
        assertEquals(List.of(), await(store.appendAfter("a", 0, List.of(message("c2", 1)))).fenced());
        assertThrows(IllegalArgumentException.class, () -> store.lastBySeqFencing("a", "c1", 0));
        assertEquals(Optional.empty(), store.lastBySeqFencing("nope", "c1", 1));
    }

    @Test
    void fence_survivesARestart() throws Exception {
        store.create("a", "A", EMPTY, T0);
        store.lastBySeqFencing("a", "c1", 2);
        DocumentStore again = reopened();
        Assumptions.assumeTrue(again != null, "this store keeps nothing across processes");
        store = again;

        Appended answer = await(store.appendAfter("a", 0, List.of(message("c1", 2), message("c1x", 1))));

        assertEquals(message("c1", 2), answer.fenced());
        assertEquals(1, answer.ours().size());
    }
}
