package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.InMemoryDocumentStore;
import dev.quire.store.LoadedDocument;
import dev.quire.store.OutboxFactory;
import dev.quire.store.OutboxMessage;
import dev.quire.store.SaveRequest;
import dev.quire.store.SavedVersion;
import dev.quire.testkit.Await;
import dev.quire.testkit.CapturedLogs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class DocumentHubsTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), java.time.ZoneOffset.UTC);
    /** Used by a test that causes a failure on purpose: what it logs is asserted, not printed. */
    @AutoClose
    private final CapturedLogs logs = new CapturedLogs();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        scheduler.shutdownNow();
    }

    private DocumentHubs hubs(DocumentStore store) {
        return new DocumentHubs(store, pool, scheduler, clock, HubSettings.defaults());
    }

    /** Joins {@code joiner} to "d" where {@code present} already is, consuming the welcome and the join notice. */
    private static DocumentSession joinAfter(DocumentHubs hubs, RecordingParticipant joiner, RecordingParticipant present) {
        DocumentSession session = hubs.join("d", joiner, null);
        joiner.next(Welcome.class);
        present.next(Presence.class);
        return session;
    }

    private static Delta insertAt(int index, String text) {
        return Delta.builder().retain(index).insert(text).build();
    }

    @Test
    void join_unknownDocument_createsItEmpty() {
        DocumentHubs hubs = hubs(new InMemoryDocumentStore());
        RecordingParticipant ada = new RecordingParticipant("ada");
        hubs.join("notes", ada, null);
        Welcome welcome = ada.next(Welcome.class);
        assertEquals(0, welcome.version());
        assertEquals(Delta.ofText("\n"), welcome.content());
        assertEquals("Untitled", welcome.title());
        assertTrue(welcome.present().isEmpty());
    }

    @Test
    void join_unknownDocument_withoutCreate_isTurnedAway_andStoresAnnouncesAndLoadsNothing() {
        InMemoryDocumentStore store = new InMemoryDocumentStore();
        List<String> announced = new CopyOnWriteArrayList<>();
        OutboxFactory outbox = new OutboxFactory() {
            @Override
            public List<OutboxMessage> messagesFor(SavedVersion saved) {
                return List.of();
            }

            @Override
            public List<OutboxMessage> forCreated(String documentId, String title, long version, String createdBy,
                                                  Instant at) {
                announced.add(documentId);
                return List.of();
            }
        };
        DocumentHubs hubs = new DocumentHubs(store, pool, scheduler, clock, HubSettings.defaults(), outbox);
        RecordingParticipant viewer = new RecordingParticipant("viewer");

        hubs.join("notes", viewer, null, false);
        assertEquals(ErrorCode.DOCUMENT_NOT_FOUND, viewer.next(RecordingParticipant.Disconnected.class).code());
        assertTrue(store.load("notes").isEmpty(), "no document row");
        assertEquals(List.of(), announced, "no document.created");
        assertEquals(0, hubs.openCount(), "nothing left loaded that would turn a later editor away");

        RecordingParticipant editor = new RecordingParticipant("editor");
        hubs.join("notes", editor, null, true);
        assertEquals(0, editor.next(Welcome.class).version());
        assertEquals(List.of("notes"), announced);
        RecordingParticipant lateViewer = new RecordingParticipant("late");
        hubs.join("notes", lateViewer, null, false);
        lateViewer.next(Welcome.class);
    }

    @Test
    void present_followsJoinsAndLeaves_withoutDirectWritersOrLoadingDocuments() {
        DocumentHubs hubs = hubs(new InMemoryDocumentStore());
        RecordingParticipant ada = new RecordingParticipant("ada");
        RecordingParticipant bob = new RecordingParticipant("bob");
        DocumentSession adaSession = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        assertEquals(List.of(ada.user()), hubs.present(List.of("d")).get("d"));
        DocumentSession bobSession = joinAfter(hubs, bob, ada);
        assertEquals(List.of(ada.user(), bob.user()), hubs.present(List.of("d")).get("d"));

        EditResult edit = hubs.edit("d", new User("api:1", "Rest", "#000000"), 1, 0, insertAt(0, "x"), null).join();
        assertNull(edit.error());
        assertEquals(List.of(ada.user(), bob.user()), hubs.present(List.of("d")).get("d"), "not the REST writer");

        assertTrue(hubs.present(List.of("elsewhere")).isEmpty());
        assertFalse(hubs.openDocuments().contains("elsewhere"), "asking does not load a document");

        adaSession.leave();
        Await.until(() -> List.of(bob.user()).equals(hubs.present(List.of("d")).get("d")), "ada left");
        bobSession.leave();
        Await.until(() -> hubs.present(List.of("d")).isEmpty(), "everyone left");
    }

    @Test
    void join_invalidId_isRefused() {
        DocumentHubs hubs = hubs(new InMemoryDocumentStore());
        assertThrows(IllegalArgumentException.class, () -> hubs.join("../etc", new RecordingParticipant("x"), null));
    }

    @Test
    void submit_ackToAuthor_broadcastToOthers_committedToStore() {
        InMemoryDocumentStore store = new InMemoryDocumentStore();
        DocumentHubs hubs = hubs(store);
        RecordingParticipant ada = new RecordingParticipant("ada");
        RecordingParticipant bob = new RecordingParticipant("bob");
        DocumentSession adaSession = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        joinAfter(hubs, bob, ada);

        adaSession.submit(1, 0, insertAt(0, "Hi"));

        assertEquals(new RecordingParticipant.Ack(1, 1), ada.next(RecordingParticipant.Ack.class));
        Edit op = bob.next(Edit.class);
        assertEquals(1, op.version());
        assertEquals("ada", op.clientId());
        assertEquals(insertAt(0, "Hi"), op.delta());
        assertEquals(1, store.ops("d", 0, 10).size());
    }

    @Test
    void submit_concurrentInsertsAtSameIndex_committedOpWinsTie() {
        DocumentHubs hubs = hubs(new InMemoryDocumentStore());
        RecordingParticipant ada = new RecordingParticipant("ada");
        RecordingParticipant bob = new RecordingParticipant("bob");
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        DocumentSession b = hubs.join("d", bob, null);
        bob.next(Welcome.class);

        a.submit(1, 0, insertAt(0, "A"));
        ada.next(Presence.class);
        ada.next(RecordingParticipant.Ack.class);
        b.submit(1, 0, insertAt(0, "B")); // made against version 0, before seeing A

        bob.next(Edit.class);
        assertEquals(new RecordingParticipant.Ack(1, 2), bob.next(RecordingParticipant.Ack.class));
        Edit transformed = ada.next(Edit.class);
        assertEquals(insertAt(1, "B"), transformed.delta(), "B goes after the already committed A");

        RecordingParticipant carol = new RecordingParticipant("carol");
        hubs.join("d", carol, null);
        assertEquals(Delta.ofText("AB\n"), carol.next(Welcome.class).content());
    }

    @Test
    void submit_resentSeq_isAcknowledgedAgainButAppliedOnce() {
        InMemoryDocumentStore store = new InMemoryDocumentStore();
        DocumentHubs hubs = hubs(store);
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);

        a.submit(1, 0, insertAt(0, "x"));
        a.submit(1, 0, insertAt(0, "x"));

        assertEquals(new RecordingParticipant.Ack(1, 1), ada.next(RecordingParticipant.Ack.class));
        assertEquals(new RecordingParticipant.Ack(1, 1), ada.next(RecordingParticipant.Ack.class));
        assertEquals(1, store.ops("d", 0, 100).size());
    }

    @Test
    void submit_resentAfterReload_isFoundInStoreAndNotAppliedTwice() {
        InMemoryDocumentStore store = new InMemoryDocumentStore();
        DocumentHubs first = hubs(store);
        RecordingParticipant ada = new RecordingParticipant("ada");
        first.join("d", ada, null).submit(1, 0, insertAt(0, "x"));
        ada.next(Welcome.class);
        ada.next(RecordingParticipant.Ack.class);

        DocumentHubs restarted = hubs(store); // a fresh process on the same storage
        RecordingParticipant again = new RecordingParticipant("ada");
        DocumentSession session = restarted.join("d", again, 1L);
        again.next(Welcome.class);
        session.submit(1, 0, insertAt(0, "x"));

        assertEquals(new RecordingParticipant.Ack(1, 1), again.next(RecordingParticipant.Ack.class));
        assertEquals(1, store.ops("d", 0, 100).size());
    }

    @Test
    void submit_deltaPastTheEnd_isRejectedAndHarmsNobody() {
        InMemoryDocumentStore store = new InMemoryDocumentStore();
        DocumentHubs hubs = hubs(store);
        RecordingParticipant ada = new RecordingParticipant("ada");
        RecordingParticipant bob = new RecordingParticipant("bob");
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        joinAfter(hubs, bob, ada);

        a.submit(1, 0, Delta.builder().retain(5).delete(3).build());

        RecordingParticipant.Rejected rejected = ada.next(RecordingParticipant.Rejected.class);
        assertEquals(ErrorCode.INVALID_DELTA, rejected.code());
        assertEquals(1L, rejected.seq());
        assertFalse(rejected.detail().isBlank());
        assertTrue(store.ops("d", 0, 100).isEmpty());
        a.submit(2, 0, insertAt(0, "ok"));
        ada.next(RecordingParticipant.Ack.class);
        assertEquals(insertAt(0, "ok"), bob.next(Edit.class).delta(), "bob's next event is the valid op");
    }

    @Test
    void submit_removingFinalNewline_isRejected() {
        DocumentHubs hubs = hubs(new InMemoryDocumentStore());
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        a.submit(1, 0, Delta.builder().delete(1).build());
        assertEquals(ErrorCode.INVALID_DELTA, ada.next(RecordingParticipant.Rejected.class).code());
    }

    @Test
    void submit_baseVersionInFuture_isRejected() {
        DocumentHubs hubs = hubs(new InMemoryDocumentStore());
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        a.submit(1, 7, insertAt(0, "x"));
        RecordingParticipant.Rejected rejected = ada.next(RecordingParticipant.Rejected.class);
        assertEquals(ErrorCode.VERSION_IN_FUTURE, rejected.code());
        assertEquals("base version 7 is ahead of the document's version 0", rejected.detail());
    }

    @Test
    void submit_ackWaitsForDurableCommit() {
        GatedStore store = new GatedStore();
        DocumentHubs hubs = hubs(store);
        RecordingParticipant ada = new RecordingParticipant("ada");
        RecordingParticipant bob = new RecordingParticipant("bob");
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        joinAfter(hubs, bob, ada);

        a.submit(1, 0, insertAt(0, "x"));
        Await.until(() -> store.pending.size() == 1, "the op reaches the store");
        assertNull(ada.poll(100), "no ack before the commit completes");
        assertNull(bob.poll(0), "no broadcast before the commit completes");

        store.pending.get(0).complete(null);
        assertEquals(new RecordingParticipant.Ack(1, 1), ada.next(RecordingParticipant.Ack.class));
        bob.next(Edit.class);
    }

    @Test
    void join_whileACommitIsPending_getsTheOpInItsWelcomeOnly_notAgainAsABroadcast() {
        GatedStore store = new GatedStore();
        DocumentHubs hubs = hubs(store);
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        a.submit(1, 0, insertAt(0, "x"));
        Await.until(() -> store.pending.size() == 1, "the op reaches the store");

        RecordingParticipant bob = new RecordingParticipant("bob");
        hubs.join("d", bob, null);
        store.pending.get(0).complete(null);
        assertEquals(new RecordingParticipant.Ack(1, 1), ada.next(RecordingParticipant.Ack.class));
        Welcome welcome = bob.next(Welcome.class);
        assertEquals(1, welcome.version());
        assertEquals(Delta.ofText("x\n"), welcome.content());
        assertNull(bob.poll(200), "the op already in the welcome is not broadcast to bob again");
    }

    @Test
    void commitFailure_disconnectsEveryoneAndNextJoinReloadsFromStore() {
        logs.capture("dev.quire.collab");
        GatedStore store = new GatedStore();
        DocumentHubs hubs = hubs(store);
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        a.submit(1, 0, insertAt(0, "lost"));
        Await.until(() -> store.pending.size() == 1, "the op reaches the store");
        store.pending.get(0).completeExceptionally(new IllegalStateException("disk full"));

        assertEquals(ErrorCode.INTERNAL_ERROR, ada.next(RecordingParticipant.Disconnected.class).code());
        Await.until(() -> hubs.openDocuments().isEmpty(), "the failed hub is dropped");
        RecordingParticipant bob = new RecordingParticipant("bob");
        hubs.join("d", bob, null);
        Welcome welcome = bob.next(Welcome.class);
        assertEquals(0, welcome.version());
        assertEquals(Delta.ofText("\n"), welcome.content(), "the unacknowledged op is not there");
        logs.await(Level.ERROR, "commit failed for document d");
    }

    @Test
    void resume_sendsOnlyTheMissedOps() {
        DocumentHubs hubs = hubs(new InMemoryDocumentStore());
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        for (int i = 1; i <= 3; i++) {
            a.submit(i, i - 1, insertAt(0, "x"));
            ada.next(RecordingParticipant.Ack.class);
        }
        RecordingParticipant bob = new RecordingParticipant("bob");
        hubs.join("d", bob, 1L);
        Welcome welcome = bob.next(Welcome.class);
        assertTrue(welcome.isResume());
        assertEquals(3, welcome.version());
        assertEquals(List.of(2L, 3L), welcome.missed().stream().map(Edit::version).toList());
    }

    @Test
    void presence_isTransformedByLaterOps_andShownToLateJoiners() {
        DocumentHubs hubs = hubs(new InMemoryDocumentStore());
        RecordingParticipant ada = new RecordingParticipant("ada");
        RecordingParticipant bob = new RecordingParticipant("bob");
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        a.submit(1, 0, insertAt(0, "hello world"));
        ada.next(RecordingParticipant.Ack.class);
        DocumentSession b = hubs.join("d", bob, null);
        bob.next(Welcome.class);
        ada.next(Presence.class);

        b.updatePresence(new Selection(6, 5)); // "world"
        assertEquals(new Selection(6, 5), ada.next(Presence.class).selection());
        a.submit(2, 1, insertAt(0, ">> "));
        ada.next(RecordingParticipant.Ack.class);

        RecordingParticipant carol = new RecordingParticipant("carol");
        hubs.join("d", carol, null);
        Welcome welcome = carol.next(Welcome.class);
        Presence bobs = welcome.present().stream().filter(p -> p.user().clientId().equals("bob")).findFirst().orElseThrow();
        assertEquals(new Selection(9, 5), bobs.selection(), "still on \"world\"");
    }

    @Test
    void formatVsDelete_bothApplyAndEveryoneConverges() {
        DocumentHubs hubs = hubs(new InMemoryDocumentStore());
        RecordingParticipant ada = new RecordingParticipant("ada");
        RecordingParticipant bob = new RecordingParticipant("bob");
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        a.submit(1, 0, insertAt(0, "abcdef"));
        ada.next(RecordingParticipant.Ack.class);
        DocumentSession b = hubs.join("d", bob, null);
        bob.next(Welcome.class);

        a.submit(2, 1, Delta.builder().retain(1).retain(4, AttributeMap.of("bold", true)).build());
        b.submit(1, 1, Delta.builder().retain(2).delete(2).build());
        ada.next(Presence.class);
        ada.next(RecordingParticipant.Ack.class);
        ada.next(Edit.class);

        RecordingParticipant carol = new RecordingParticipant("carol");
        hubs.join("d", carol, null);
        Delta expected = Delta.builder().insert("a").insert("be", AttributeMap.of("bold", true)).insert("f\n").build();
        assertEquals(expected, carol.next(Welcome.class).content());
    }

    @Test
    void leave_lastParticipant_unloadsAfterGrace() {
        DocumentHubs hubs = new DocumentHubs(new InMemoryDocumentStore(), pool, scheduler, clock,
                HubSettings.defaults().toBuilder().unloadGrace(Duration.ofMillis(10)).build());
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        assertEquals(java.util.Set.of("d"), hubs.openDocuments());
        a.leave();
        Await.until(() -> hubs.openDocuments().isEmpty(), "the document is unloaded");
    }

    @Test
    void leave_tellsTheOthers() {
        DocumentHubs hubs = hubs(new InMemoryDocumentStore());
        RecordingParticipant ada = new RecordingParticipant("ada");
        RecordingParticipant bob = new RecordingParticipant("bob");
        hubs.join("d", ada, null);
        ada.next(Welcome.class);
        DocumentSession b = hubs.join("d", bob, null);
        bob.next(Welcome.class);
        ada.next(Presence.class);
        b.leave();
        assertEquals(new RecordingParticipant.Left("bob"), ada.next(RecordingParticipant.Left.class));
    }

    /** A store whose appends complete only when the test says so. */
    private static final class GatedStore implements DocumentStore {
        final InMemoryDocumentStore inner = new InMemoryDocumentStore();
        final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();

        @Override
        public boolean create(String id, String title, DocumentSnapshot content, Instant at,
                              List<dev.quire.store.OutboxMessage> announce) {
            return inner.create(id, title, content, at, announce);
        }

        @Override
        public Optional<LoadedDocument> load(String id) {
            return inner.load(id);
        }

        @Override
        public CompletableFuture<Void> appendAll(String id, List<CommittedOp> ops) {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            pending.add(gate);
            return gate.thenCompose(ignored -> inner.appendAll(id, ops));
        }

        @Override
        public List<CommittedOp> ops(String id, long fromExclusive, long toInclusive) {
            return inner.ops(id, fromExclusive, toInclusive);
        }

        @Override
        public Optional<CommittedOp> findBySeq(String id, String clientId, long seq) {
            return inner.findBySeq(id, clientId, seq);
        }

        @Override
        public Optional<CommittedOp> lastBySeq(String id, String clientId) {
            return inner.lastBySeq(id, clientId);
        }

        @Override
        public Optional<CommittedOp> lastBySeqFencing(String id, String clientId, long inFlightSeq) {
            return inner.lastBySeqFencing(id, clientId, inFlightSeq);
        }

        @Override
        public boolean rename(String id, String title, Instant at) {
            return inner.rename(id, title, at);
        }

        @Override
        public boolean delete(String id, Instant at, List<dev.quire.store.OutboxMessage> announce) {
            return inner.delete(id, at, announce);
        }

        @Override
        public CompletableFuture<Void> saveSnapshot(String id, DocumentSnapshot snapshot) {
            return inner.saveSnapshot(id, snapshot);
        }

        @Override
        public Optional<DocumentSnapshot> snapshotAtOrBefore(String id, long version) {
            return inner.snapshotAtOrBefore(id, version);
        }

        @Override
        public List<DocumentInfo> list() {
            return inner.list();
        }

        /** After the appends made before it, as a real store's writer orders them. */
        @Override
        public CompletableFuture<SavedVersion> save(String id, SaveRequest request) {
            return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .thenCompose(ignored -> inner.save(id, request));
        }

        @Override
        public List<SavedVersion> savedVersions(String id) {
            return inner.savedVersions(id);
        }

        @Override
        public Optional<SavedVersion> savedVersion(String id, long number) {
            return inner.savedVersion(id, number);
        }

        @Override
        public Optional<SavedVersion> latestSave(String id) {
            return inner.latestSave(id);
        }

        @Override
        public void close() {
        }
    }
}
