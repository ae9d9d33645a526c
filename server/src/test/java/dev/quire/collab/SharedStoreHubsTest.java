package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.quire.cluster.OpFeed;
import dev.quire.cluster.PgCommitHints;
import dev.quire.cluster.RedisLink;
import dev.quire.cluster.RedisOpFeed;
import dev.quire.ot.Delta;
import dev.quire.store.Appended;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentStore;
import dev.quire.store.OutboxFactory;
import dev.quire.store.StorageException;
import dev.quire.store.postgres.FreshSchema;
import dev.quire.store.postgres.PostgresDocumentStore;
import dev.quire.testkit.Await;
import dev.quire.testkit.CapturedLogs;
import dev.quire.testkit.OtClient;
import dev.quire.testkit.RandomEdits;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several nodes in one JVM - each its own PostgreSQL store, hubs and feed - on one schema: participants on every node
 * edit one document at once, and every node, every participant and the log end equal.
 */
class SharedStoreHubsTest {
    private static final String REDIS = System.getenv().getOrDefault("QUIRE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    private static final String DOC = "shared-doc";

    private FreshSchema schema;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ExecutorService storeIo = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);

    /** One node: its store, its hubs. */
    private record Node(PostgresDocumentStore store, DocumentHubs hubs) {
    }

    @BeforeEach
    void schema() {
        schema = FreshSchema.create();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        pool.shutdownNow();
        storeIo.shutdownNow();
        timers.shutdownNow();
        schema.close();
    }

    private List<Node> nodes(int count, Function<Integer, OpFeed> feeds) {
        return nodes(count, feeds, Duration.ofMillis(250));
    }

    private List<Node> nodes(int count, Function<Integer, OpFeed> feeds, Duration headCheckPeriod) {
        List<Node> nodes = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            PostgresDocumentStore store = PostgresDocumentStore.open(schema.settings());
            OpFeed feed = feeds.apply(n);
            closing.add(store);
            closing.add(feed);
            nodes.add(new Node(store, hubsOn(store, feed, headCheckPeriod)));
        }
        return nodes;
    }

    private List<Node> nodesOnRedis(int count) {
        String channel = "quire-test-" + UUID.randomUUID().toString().substring(0, 8) + ":ops";
        return nodes(count, n -> {
            RedisLink link = RedisLink.start(REDIS, Duration.ofMillis(200));
            closing.add(link::close);
            // Connected before the first commit, so that no publish is refused (and logged) while it connects.
            Await.until(link::connected, "node " + n + " connected to Redis");
            return new RedisOpFeed(link, channel, "node-" + n);
        });
    }

    private List<Node> nodesOnPostgresHintsOnly(int count) {
        return nodes(count, n -> new PgCommitHints(FreshSchema.URL, PgCommitHints.CHANNEL, Duration.ofMillis(200)));
    }

    @Test
    void participantsOnThreeNodesOverRedis_editOneDocumentAtOnce_allEndEqualToTheLog() {
        editTogether(nodesOnRedis(3));
    }

    @Test
    void participantsOnTwoNodesWithPostgresHintsOnly_editOneDocumentAtOnce_allEndEqualToTheLog() {
        editTogether(nodesOnPostgresHintsOnly(2));
    }

    private void editTogether(List<Node> nodes) {
        long seed = System.nanoTime();
        System.out.println("SharedStoreHubsTest seed " + seed);
        int perNode = 3;
        int editsEach = 40;
        List<Editor> editors = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            for (int i = 0; i < perNode; i++) {
                Editor editor = new Editor("n" + n + "c" + i, new Random(seed + editors.size()));
                editor.join(nodes.get(n).hubs());
                editors.add(editor);
            }
        }
        editors.forEach(e -> Await.until(e::welcomed, e.id + " welcomed"));
        for (int round = 0; round < editsEach; round++) {
            for (Editor editor : editors) {
                editor.edit();
            }
        }
        Await.until(() -> editors.stream().noneMatch(Editor::pending), Duration.ofSeconds(60),
                () -> "every edit acknowledged (seed " + seed + ")");
        List<CommittedOp> log = nodes.get(0).store().ops(DOC, 0, Long.MAX_VALUE);
        long head = log.size();
        Await.until(() -> editors.stream().allMatch(e -> e.version() == head)
                && nodes.stream().allMatch(n -> read(n).version() == head), Duration.ofSeconds(30),
                () -> "every participant and node at version " + head + " (seed " + seed + ")");

        Delta replay = Delta.ofText("\n");
        Set<String> seqs = new HashSet<>();
        for (int i = 0; i < log.size(); i++) {
            CommittedOp op = log.get(i);
            assertEquals(i + 1, op.version(), "versions 1..N without a gap");
            assertTrue(seqs.add(op.clientId() + "#" + op.seq()), "each (client, seq) once: " + op);
            replay = op.delta().applyTo(replay);
        }
        for (Editor editor : editors) {
            assertEquals(replay, editor.content(), editor.id + " (seed " + seed + ")");
            for (Long seq : editor.acked) {
                assertTrue(seqs.contains(editor.id + "#" + seq), editor.id + " #" + seq + " acknowledged, in the log");
            }
            assertEquals(List.of(), editor.refusals, editor.id + " was refused nothing");
        }
        for (Node node : nodes) {
            assertEquals(replay, read(node).content(), "a node's copy (seed " + seed + ")");
        }
    }

    /**
     * Exactly once across nodes: a client commits on node 1, moves to node 2 and commits there, moves back to node 1
     * (whose memory of its seqs is stale) and resends its last op: acknowledged with its version, not applied again.
     */
    @Test
    void clientBackOnANodeWithAStaleMemoryOfItsSeqs_resendsItsLastOp_acknowledgedOnce_notAppliedTwice() {
        List<Node> nodes = nodesOnRedis(2);
        RecordingParticipant first = new RecordingParticipant("mover");
        DocumentSession onNode1 = nodes.get(0).hubs().join(DOC, first, null);
        first.next(Welcome.class);
        onNode1.submit(1, 0, Delta.builder().insert("one ").build());
        assertEquals(new RecordingParticipant.Ack(1, 1), first.next(RecordingParticipant.Ack.class));
        onNode1.leave();

        RecordingParticipant second = new RecordingParticipant("mover");
        DocumentSession onNode2 = nodes.get(1).hubs().join(DOC, second, null);
        assertEquals(1, second.next(Welcome.class).version());
        Delta two = Delta.builder().insert("two ").build();
        onNode2.submit(2, 1, two);
        assertEquals(new RecordingParticipant.Ack(2, 2), second.next(RecordingParticipant.Ack.class));
        onNode2.leave();

        RecordingParticipant back = new RecordingParticipant("mover");
        DocumentSession again = nodes.get(0).hubs().join(DOC, back, null);
        back.next(Welcome.class);
        again.submit(2, 1, two); // its ack was lost: the resend, made on the version it knew

        awaitAckOrOwnOpThenAck(back, "mover", 2, 2);
        assertEquals(2, nodes.get(0).store().ops(DOC, 0, 100).size(), "not appended twice");
        Await.until(() -> read(nodes.get(0)).version() == 2, "node 1 caught up");
        assertEquals(Delta.ofText("two one \n"), read(nodes.get(0)).content());
    }

    /**
     * A resend racing its first commit on another node: the node's memory and the join's read both missed it, so the
     * op goes to the store as new; the store finds its (client, seq) in the log and appends nothing, and the node
     * acknowledges it with its committed version, applying it once.
     */
    @Test
    void resendRacingItsFirstCommitOnAnotherNode_isFoundByTheStore_acknowledgedWithItsVersion_appliedOnce()
            throws Exception {
        // No head check during the test: one that ran before the resend (a slow machine) would apply the op first,
        // and the resend would not race at all.
        Node node = nodes(1, n -> NodeFeed.SILENT, Duration.ofHours(1)).get(0);
        RecordingParticipant client = new RecordingParticipant("racer");
        DocumentSession session = node.hubs().join(DOC, client, null);
        client.next(Welcome.class);
        Delta op = Delta.builder().insert("once ").build();
        try (PostgresDocumentStore otherNode = PostgresDocumentStore.open(schema.settings())) {
            // The other node commits the client's op #1 (its connection there dropped before the ack).
            otherNode.appendAfter(DOC, 0, List.of(List.of(new CommittedOp(1, "racer", 1, op, "User racer",
                    Instant.now())))).get(30, TimeUnit.SECONDS);
        }

        session.submit(1, 0, op); // the resend, here

        awaitAckOrOwnOpThenAck(client, "racer", 1, 1);
        assertEquals(1, node.store().ops(DOC, 0, 10).size(), "appended once");
        assertNull(client.poll(300), "acknowledged once");
        assertEquals(Delta.ofText("once \n"), read(node).content(), "applied once");
    }

    /**
     * A resend committed by another node at a version this node has not reached: its ack says "you have every op
     * before it", so the node first applies and tells the ops up to it, then acknowledges.
     */
    @Test
    void resendCommittedElsewhereBeyondThisNodesVersion_isAcknowledgedAfterTheOpsBeforeIt() throws Exception {
        PostgresDocumentStore store = PostgresDocumentStore.open(schema.settings());
        closing.add(store);
        // Hears nothing of the other node (no feed, a head check far away): it stays behind until it reads.
        DocumentHubs hubs = hubsOn(store, Duration.ofHours(1));
        RecordingParticipant watcher = new RecordingParticipant("watcher");
        hubs.join(DOC, watcher, null);
        assertEquals(0, watcher.next(Welcome.class).version());
        Delta mine = Delta.builder().insert("mine ").build();
        try (PostgresDocumentStore otherNode = PostgresDocumentStore.open(schema.settings())) {
            // On the other node, someone's op, then the mover's op #1 (its ack lost with that node).
            otherNode.appendAfter(DOC, 0, List.of(
                    List.of(new CommittedOp(1, "other", 1, Delta.builder().insert("theirs ").build(), "User other",
                            Instant.now())),
                    List.of(new CommittedOp(1, "mover", 1, mine, "User mover", Instant.now()))))
                    .get(30, TimeUnit.SECONDS);
        }

        RecordingParticipant mover = new RecordingParticipant("mover");
        DocumentSession session = hubs.join(DOC, mover, null);
        assertEquals(0, mover.next(Welcome.class).version());
        session.submit(1, 0, mine); // the resend, made on the version this node welcomed it with

        assertEquals(1, ((Edit) nextButAutosaves(mover)).version(), "the op before its own first");
        assertEquals(new RecordingParticipant.Ack(1, 2), nextButAutosaves(mover));
        assertEquals(2, store.ops(DOC, 0, 10).size(), "not appended again");
    }

    /**
     * A client here whose op another node committed (it moved here, its ack lost, or welcomed here while this node was
     * behind it) is sent that op - with its delta, which an ack lacks: the client may not have it - at the op's place
     * among the ops this node applies, before the ops after it: told at the end, its client would take those as
     * concurrent with its own op and diverge. A client with it in flight takes its own op as the ack.
     */
    @Test
    void opOfAClientHereCommittedElsewhere_comesAsTheOpAtItsPlace() throws Exception {
        PostgresDocumentStore store = PostgresDocumentStore.open(schema.settings());
        closing.add(store);
        DocumentHubs hubs = hubsOn(store, Duration.ofMillis(100));
        RecordingParticipant mover = new RecordingParticipant("mover");
        hubs.join(DOC, mover, null);
        assertEquals(0, mover.next(Welcome.class).version());
        try (PostgresDocumentStore otherNode = PostgresDocumentStore.open(schema.settings())) {
            java.time.Instant now = Instant.now();
            otherNode.appendAfter(DOC, 0, List.of(
                    List.of(new CommittedOp(1, "other", 1, Delta.builder().insert("a ").build(), "User other", now)),
                    List.of(new CommittedOp(1, "mover", 1, Delta.builder().insert("b ").build(), "User mover", now)),
                    List.of(new CommittedOp(1, "other", 2, Delta.builder().insert("c ").build(), "User other", now))))
                    .get(30, TimeUnit.SECONDS);
        }

        // The head check brings the three ops here.
        assertEquals(1, ((Edit) nextButAutosaves(mover)).version());
        Edit own = (Edit) nextButAutosaves(mover);
        assertEquals(List.of(2L, "mover", 1L), List.of(own.version(), own.clientId(), own.seq()));
        assertEquals(3, ((Edit) nextButAutosaves(mover)).version());
    }

    /**
     * An append the store fails (the writer's connection killed mid-batch): nothing was applied, so the author must
     * not wait for an ack that never comes. Its session is closed; it joins again, resends, and the document goes on
     * with the op applied once.
     */
    @Test
    void appendFailedByTheStore_closesTheSessions_andTheResendGoesThrough() throws Exception {
        PostgresDocumentStore real = PostgresDocumentStore.open(schema.settings());
        closing.add(real);
        AtomicBoolean failNextAppend = new AtomicBoolean();
        DocumentHubs hubs = hubsOn(withAppendAfter(real, args -> failNextAppend.compareAndSet(true, false)
                ? CompletableFuture.failedFuture(new StorageException("commit failed: connection lost")) : null),
                Duration.ofMillis(250));
        RecordingParticipant client = new RecordingParticipant("writer");
        DocumentSession session = hubs.join(DOC, client, null);
        client.next(Welcome.class);
        session.submit(1, 0, Delta.builder().insert("one ").build());
        assertEquals(new RecordingParticipant.Ack(1, 1), client.next(RecordingParticipant.Ack.class));

        Delta two = Delta.builder().insert("two ").build();
        try (CapturedLogs logs = CapturedLogs.of(DocumentHub.class)) {
            failNextAppend.set(true);
            session.submit(2, 1, two);
            Object told = nextButAutosaves(client);
            assertTrue(told instanceof RecordingParticipant.Disconnected closed
                    && closed.code() == ErrorCode.INTERNAL_ERROR,
                    "the author is told to reconnect, not left waiting for its ack: " + told);
            logs.await(Level.ERROR, "commit failed");
        }
        session.leave();

        RecordingParticipant back = new RecordingParticipant("writer");
        DocumentSession again = hubs.join(DOC, back, null);
        assertEquals(1, back.next(Welcome.class).version());
        again.submit(2, 1, two);
        assertEquals(new RecordingParticipant.Ack(2, 2), nextButAutosaves(back));
        assertEquals(Delta.ofText("two one \n"), hubs.read(DOC).join().orElseThrow().content());
    }

    /** The participant's next event that is not an autosave (their timing is the hub's), or null after 10 s. */
    /**
     * The answer to a resend of {@code clientId}'s op {@code seq}, committed elsewhere as {@code version}: its ack; or,
     * when this node applied the op before the resend reached it, the op itself (its client, with it in flight, takes
     * it as the ack) and then the ack of the resend (which its client ignores).
     */
    private static void awaitAckOrOwnOpThenAck(RecordingParticipant participant, String clientId, long seq,
                                               long version) {
        Object answer = nextButAutosaves(participant);
        if (answer instanceof Edit edit) {
            assertEquals(List.of(version, clientId, seq), List.of(edit.version(), edit.clientId(), edit.seq()));
            answer = nextButAutosaves(participant);
        }
        assertEquals(new RecordingParticipant.Ack(seq, version), answer);
    }

    /**
     * Appends are pipelined: a second client's message goes to the store while the first client's append is still in
     * flight, made on the same committed version (the store brings it past the first); each author is acknowledged at
     * its op's version, and each client is told the other's op in version order.
     */
    @Test
    void secondMessageIsAppendedWhileTheFirstIsInFlight_bothCommittedInOrder() throws Exception {
        PostgresDocumentStore real = PostgresDocumentStore.open(schema.settings());
        closing.add(real);
        AtomicBoolean holding = new AtomicBoolean();
        List<Runnable> held = java.util.Collections.synchronizedList(new ArrayList<>());
        DocumentHubs hubs = hubsOn(withAppendAfter(real, args -> {
            if (!holding.get()) {
                return null;
            }
            CompletableFuture<Object> answer = new CompletableFuture<>();
            // Sent to the store only when the test says, in the order the hub sent them.
            held.add(() -> real.appendAfter((String) args[0], (Long) args[1], castMessages(args[2]))
                    .whenComplete((value, error) -> {
                        if (error != null) {
                            answer.completeExceptionally(error);
                        } else {
                            answer.complete(value);
                        }
                    }));
            return answer;
        }), Duration.ofHours(1));
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession adaSession = hubs.join(DOC, ada, null);
        ada.next(Welcome.class);
        RecordingParticipant bob = new RecordingParticipant("bob");
        DocumentSession bobSession = hubs.join(DOC, bob, null);
        bob.next(Welcome.class);

        holding.set(true);
        adaSession.submit(1, 0, Delta.builder().insert("a").build());
        bobSession.submit(1, 0, Delta.builder().insert("b").build());
        Await.until(() -> held.size() == 2, "both messages sent to the store before either is answered");
        held.get(0).run();
        held.get(1).run();

        assertEquals(new RecordingParticipant.Ack(1, 1), nextButPresence(ada));
        assertEquals(new Edit(2, "bob", 1, Delta.builder().retain(1).insert("b").build()), nextButPresence(ada));
        assertEquals(new Edit(1, "ada", 1, Delta.builder().insert("a").build()), nextButPresence(bob));
        assertEquals(new RecordingParticipant.Ack(1, 2), nextButPresence(bob));
        assertEquals(List.of(1L, 2L), real.ops(DOC, 0, 10).stream().map(CommittedOp::version).toList());
        assertEquals(Delta.ofText("ab\n"), hubs.read(DOC).join().orElseThrow().content());
    }

    /**
     * docs/cluster.md, "A join while its op is being committed elsewhere": node A is still committing a client's op
     * (its append held back here) when the client, its connection to A gone, is welcomed by node B with the op
     * unacknowledged. B finds the op not in the log and fences it off; the client merges it into B's content as a new
     * op (seq 2), which B commits. A's late commit is then refused by the fence, its session there ended as replaced,
     * and the text is in the document once: in the log, on both nodes and at the client. Without the fence A's commit
     * went through and the text was in twice.
     */
    @Test
    void opStillBeingCommittedOnNodeA_whenItsClientIsWelcomedOnB_isFencedOff_theMergedCopyIsTheOnlyOne()
            throws Exception {
        PostgresDocumentStore realA = PostgresDocumentStore.open(schema.settings());
        PostgresDocumentStore realB = PostgresDocumentStore.open(schema.settings());
        closing.add(realA);
        closing.add(realB);
        List<Runnable> heldOnA = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Object>> answersOnA = java.util.Collections.synchronizedList(new ArrayList<>());
        DocumentHubs nodeA = hubsOn(withAppendAfter(realA, args -> {
            CompletableFuture<Object> answer = new CompletableFuture<>();
            heldOnA.add(() -> realA.appendAfter((String) args[0], (Long) args[1], castMessages(args[2]))
                    .whenComplete((value, error) -> {
                        if (error != null) {
                            answer.completeExceptionally(error);
                        } else {
                            answer.complete(value);
                        }
                    }));
            answersOnA.add(answer);
            return answer;
        }), Duration.ofMillis(200));
        DocumentHubs nodeB = hubsOn(realB, Duration.ofMillis(200));
        Delta typed = Delta.builder().insert("hello ").build();

        RecordingParticipant onA = new RecordingParticipant("typist");
        DocumentSession sessionA = nodeA.join(DOC, onA, null);
        assertEquals(0, onA.next(Welcome.class).version());
        sessionA.submit(1, 0, typed);
        Await.until(() -> heldOnA.size() == 1, "node A's commit of #1 sent to the store, held back");

        RecordingParticipant onB = new RecordingParticipant("typist");
        DocumentSession sessionB = nodeB.join(DOC, onB, null, 1L, true);
        Welcome welcome = onB.next(Welcome.class);
        assertEquals(0, welcome.lastSeq(), "#1 is not in the log");
        assertEquals(Delta.ofText("\n"), welcome.content());
        // The client merges its unacknowledged #1 into the content as a new op (docs/protocol.md).
        sessionB.submit(2, welcome.version(), typed);
        assertEquals(new RecordingParticipant.Ack(2, 1), nextButPresence(onB));

        heldOnA.get(0).run(); // node A's commit reaches the store at last
        Appended answer = (Appended) answersOnA.get(0).get(30, TimeUnit.SECONDS);
        List<CommittedOp> log = realA.ops(DOC, 0, Long.MAX_VALUE);
        assertEquals(List.of("typist#2"), log.stream().map(op -> op.clientId() + "#" + op.seq()).toList(),
                "only the merged copy in the log");
        assertEquals(List.of(1L), answer.fenced().stream().map(CommittedOp::seq).toList(), "refused by the fence");
        Object toldOnA = nextButPresence(onA);
        if (toldOnA instanceof Edit edit) { // B's commit, which A's answer brought first: told as anyone's op
            assertEquals(List.of(1L, 2L), List.of(edit.version(), edit.seq()));
            toldOnA = nextButPresence(onA);
        }
        assertEquals(new RecordingParticipant.Disconnected(ErrorCode.SESSION_REPLACED,
                "a newer connection joined with this client's identity on another node"), toldOnA);

        Delta replay = Delta.ofText("\n");
        for (CommittedOp op : log) {
            replay = op.delta().applyTo(replay);
        }
        assertEquals(Delta.ofText("hello \n"), replay, "the text once");
        Await.until(() -> nodeA.read(DOC).join().orElseThrow().version() == 1, "node A caught up");
        assertEquals(replay, nodeA.read(DOC).join().orElseThrow().content(), "node A's copy");
        assertEquals(replay, nodeB.read(DOC).join().orElseThrow().content(), "node B's copy");
    }

    /**
     * A client that could resume (the node has every op since its version) but names an op in flight that is not in
     * the log is welcomed with the content all the same: the fence now refuses a resend of that op, so the client must
     * merge it as a new one. One whose op in flight is in the log resumes as before, and no fence is written.
     */
    @Test
    void joinNamingAnOpInFlight_notInTheLog_isWelcomedWithTheContent_inTheLog_resumes() throws Exception {
        Node node = nodes(1, n -> NodeFeed.SILENT, Duration.ofHours(1)).get(0);
        RecordingParticipant first = new RecordingParticipant("typist");
        DocumentSession session = node.hubs().join(DOC, first, null);
        first.next(Welcome.class);
        session.submit(1, 0, Delta.builder().insert("one ").build());
        assertEquals(new RecordingParticipant.Ack(1, 1), nextButPresence(first));
        session.leave();

        Welcome resume = welcomeOfTypist(node.hubs(), 0L, 1L);
        assertTrue(resume.isResume(), "#1 is in the log: a resume");
        assertEquals(1, resume.lastSeq());

        Welcome full = welcomeOfTypist(node.hubs(), 1L, 2L);
        assertFalse(full.isResume(), "#2 is not in the log: fenced, so the content");
        assertEquals(1, full.lastSeq());
        Appended late = node.store().appendAfter(DOC, 1, List.of(List.of(new CommittedOp(2, "typist", 2,
                Delta.builder().insert("two ").build(), "User typist", Instant.now())))).get(30, TimeUnit.SECONDS);
        assertEquals(List.of(2L), late.fenced().stream().map(CommittedOp::seq).toList(), "#2 fenced off");
        assertEquals(1, node.store().ops(DOC, 0, 10).size());
    }

    /** The welcome of the typist joining {@code hubs} from {@code resumeFrom}, naming {@code inFlightSeq}. */
    private static Welcome welcomeOfTypist(DocumentHubs hubs, Long resumeFrom, long inFlightSeq) {
        RecordingParticipant typist = new RecordingParticipant("typist");
        DocumentSession session = hubs.join(DOC, typist, resumeFrom, inFlightSeq, true);
        Welcome welcome = typist.next(Welcome.class);
        session.leave();
        return welcome;
    }

    /** What the store is asked: {@code appendAfter} by {@code appendAfter} (or the real store's if it answers null). */
    private interface AppendAfter {
        CompletableFuture<?> answer(Object[] args) throws Exception;
    }

    /** {@code real}, with its appendAfter answered by {@code appendAfter} when it answers. */
    private static DocumentStore withAppendAfter(DocumentStore real, AppendAfter appendAfter) {
        return (DocumentStore) Proxy.newProxyInstance(DocumentStore.class.getClassLoader(),
                new Class<?>[] {DocumentStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("appendAfter")) {
                        CompletableFuture<?> answer = appendAfter.answer(args);
                        if (answer != null) {
                            return answer;
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A hub of one node on {@code store} that hears no other node, checking the heads every {@code headCheckPeriod}. */
    private DocumentHubs hubsOn(DocumentStore store, Duration headCheckPeriod) {
        return hubsOn(store, NodeFeed.SILENT, headCheckPeriod);
    }

    /** A hub of one node on {@code store}, hearing {@code feed} and checking the heads every {@code headCheckPeriod}. */
    private DocumentHubs hubsOn(DocumentStore store, OpFeed feed, Duration headCheckPeriod) {
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor();
        closing.add(checker::shutdownNow);
        DocumentHubs hubs = new DocumentHubs(store, pool, storeIo, timers, Clock.systemUTC(), HubSettings.defaults(),
                OutboxFactory.NONE, HubMetrics.NONE, new NodeFeed(feed, headCheckPeriod, checker), OtherNodes.NONE);
        closing.add(() -> hubs.shutdown().get(30, TimeUnit.SECONDS));
        return hubs;
    }

    @SuppressWarnings("unchecked")
    private static List<List<CommittedOp>> castMessages(Object messages) {
        return (List<List<CommittedOp>>) messages;
    }

    private static Object nextButPresence(RecordingParticipant participant) {
        Object event;
        do {
            event = participant.poll(10_000);
        } while (event instanceof Presence || event instanceof Saved);
        return event;
    }

    private static Object nextButAutosaves(RecordingParticipant participant) {
        Object event;
        do {
            event = participant.poll(10_000);
        } while (event instanceof Saved);
        return event;
    }

    private static DocumentState read(Node node) {
        return node.hubs().read(DOC).join().orElseThrow();
    }

    /** A participant with the client half of OT, editing at random. */
    private static final class Editor implements Participant {
        final String id;
        private final Random random;
        private final OtClient ot;
        private final List<OtClient.Outgoing> outgoing = new ArrayList<>();
        final Set<Long> acked = ConcurrentHashMap.newKeySet();
        final List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
        private DocumentSession session;
        private boolean welcomed;

        Editor(String id, Random random) {
            this.id = id;
            this.random = random;
            this.ot = new OtClient(outgoing::add);
            ot.identify(id);
        }

        void join(DocumentHubs hubs) {
            session = hubs.join(DOC, this, null);
        }

        synchronized boolean welcomed() {
            return welcomed;
        }

        synchronized boolean pending() {
            return ot.hasPending();
        }

        synchronized long version() {
            return ot.version();
        }

        synchronized Delta content() {
            return ot.content();
        }

        void edit() {
            synchronized (this) {
                ot.applyLocal(RandomEdits.next(random, ot.content()));
            }
            send();
        }

        /** Sends outside the lock: the hub may call this participant back on the sending thread. */
        private void send() {
            List<OtClient.Outgoing> now;
            synchronized (this) {
                now = List.copyOf(outgoing);
                outgoing.clear();
            }
            now.forEach(o -> session.submit(o.seq(), o.baseVersion(), o.delta()));
        }

        @Override
        public User user() {
            return new User(id, "User " + id, "#123456");
        }

        @Override
        public void welcome(Welcome welcome) {
            synchronized (this) {
                ot.reset(welcome.version(), welcome.content());
                welcomed = true;
            }
        }

        @Override
        public void acknowledged(long seq, long version) {
            synchronized (this) {
                acked.add(seq);
                ot.onAck(seq, version);
            }
            send();
        }

        @Override
        public void remoteOp(Edit edit) {
            synchronized (this) {
                ot.onServerOp(edit.version(), edit.clientId(), edit.seq(), edit.delta());
            }
        }

        @Override
        public void saved(Saved saved, String requestedBy) {
        }

        @Override
        public void titleChanged(String title, String renamedBy) {
        }

        @Override
        public void presenceChanged(Presence presence) {
        }

        @Override
        public void left(String clientId) {
        }

        @Override
        public void rejected(ErrorCode code, String detail, Long seq) {
            refusals.add(code + " " + detail);
        }

        @Override
        public void disconnect(ErrorCode code, String reason) {
            refusals.add("disconnected " + code + " " + reason);
        }
    }
}
