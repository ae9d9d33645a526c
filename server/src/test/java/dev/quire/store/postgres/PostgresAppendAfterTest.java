package dev.quire.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.store.Appended;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.testkit.RandomEdits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The append made against a known head on a store that several nodes share: the store brings the ops past what the
 * others committed since, under the document's row lock, and commits them after it - nobody retries.
 */
class PostgresAppendAfterTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00.123456Z");
    private static final DocumentSnapshot EMPTY = new DocumentSnapshot(0, Delta.ofText("\n"));

    private FreshSchema schema;
    private PostgresDocumentStore node1;
    private PostgresDocumentStore node2;

    @BeforeEach
    void open() {
        schema = FreshSchema.create();
        node1 = PostgresDocumentStore.open(schema.settings());
        node2 = PostgresDocumentStore.open(schema.settings());
    }

    @AfterEach
    void close() {
        node1.close();
        node2.close();
        schema.close();
    }

    private static CommittedOp op(long version, String client, long seq, Delta delta) {
        return new CommittedOp(version, client, seq, delta, client, T0.plusMillis(version));
    }

    /** A node's view of the document, as a hub in shared mode keeps it: only what the store said is committed. */
    private static final class View {
        Delta content = Delta.ofText("\n");
        long version;

        void apply(List<CommittedOp> ops) {
            for (CommittedOp op : ops) {
                if (op.version() == version + 1) {
                    content = op.delta().applyTo(content);
                    version = op.version();
                } else if (op.version() > version + 1) {
                    throw new AssertionError("gap before " + op.version() + " at " + version);
                }
            }
        }
    }

    @Test
    void twoNodesHammeringOneDocument_logReplaysToEachNodesView_versionsGapless_eachSeqOnce_noRetries()
            throws Exception {
        long seed = System.nanoTime();
        System.out.println("PostgresAppendAfterTest seed " + seed);
        assertTrue(node1.create("a", "A", EMPTY, T0));
        int appendsEach = 60;
        AtomicInteger retries = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<View>> nodes = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            PostgresDocumentStore node = n == 0 ? node1 : node2;
            String client = "node" + (n + 1);
            Random random = new Random(seed + n);
            nodes.add(pool.submit(() -> {
                start.await();
                View view = new View();
                long seq = 0;
                for (int a = 0; a < appendsEach; a++) {
                    // a batch of one to three ops, each made on top of the one before
                    List<CommittedOp> batch = new ArrayList<>();
                    Delta scratch = view.content;
                    for (int i = 0, size = 1 + random.nextInt(3); i < size; i++) {
                        Delta change = RandomEdits.next(random, scratch);
                        scratch = change.applyTo(scratch);
                        batch.add(op(view.version + 1 + i, client, ++seq, change));
                    }
                    Appended answer = node.appendAfter("a", view.version, List.of(batch)).get(60, TimeUnit.SECONDS);
                    if (!answer.alreadyCommitted().isEmpty() || answer.ours().size() != batch.size()) {
                        retries.incrementAndGet();
                    }
                    view.apply(answer.others());
                    view.apply(answer.ours());
                }
                return view;
            }));
        }
        start.countDown();
        List<View> views = new ArrayList<>();
        for (Future<View> node : nodes) {
            views.add(node.get(180, TimeUnit.SECONDS));
        }
        pool.shutdown();

        List<CommittedOp> log = node1.ops("a", 0, Long.MAX_VALUE);
        Delta replay = Delta.ofText("\n");
        Set<String> seqs = new HashSet<>();
        for (int i = 0; i < log.size(); i++) {
            CommittedOp op = log.get(i);
            assertEquals(i + 1, op.version(), "versions 1..N without a gap");
            assertTrue(seqs.add(op.clientId() + "#" + op.seq()), "each (client, seq) once: " + op);
            replay = op.delta().applyTo(replay);
        }
        assertEquals(0, retries.get(), "no append had to be made again");
        for (View view : views) {
            view.apply(log.subList((int) view.version, log.size())); // what it had not heard of yet
            assertEquals(replay, view.content, "seed " + seed);
        }
    }

    @Test
    void opsMadeOnAnOldHead_areRebasedPastWhatTheOtherNodeCommitted_committedOpsKeepPriority() throws Exception {
        node1.create("a", "A", EMPTY, T0);
        CommittedOp first = op(1, "x", 1, Delta.builder().insert("abc").build());
        Appended alone = node1.appendAfter("a", 0, List.of(List.of(first))).get(30, TimeUnit.SECONDS);
        assertEquals(List.of(first), alone.ours());

        Appended answer = node2.appendAfter("a", 0, List.of(List.of(
                op(1, "y", 1, Delta.builder().insert("Z").build()),
                op(2, "y", 2, Delta.builder().retain(1).insert("W").build())))).get(30, TimeUnit.SECONDS);

        assertEquals(List.of(first), answer.others());
        assertEquals(List.of(2L, 3L), answer.ours().stream().map(CommittedOp::version).toList());
        Delta content = Delta.ofText("\n");
        for (CommittedOp op : node1.ops("a", 0, 10)) {
            content = op.delta().applyTo(content);
        }
        assertEquals(Delta.ofText("abcZW\n"), content, "the committed insert stays first");
    }

    @Test
    void anOpWhoseClientSeqIsInTheLog_isNotAppendedAgain_theAnswerNamesItsCommittedVersion() throws Exception {
        node1.create("a", "A", EMPTY, T0);
        CommittedOp committed = op(1, "c", 7, Delta.builder().insert("once").build());
        node1.appendAfter("a", 0, List.of(List.of(committed))).get(30, TimeUnit.SECONDS);

        Appended answer = node2.appendAfter("a", 0, List.of(
                List.of(op(1, "c", 7, Delta.builder().insert("once").build())),
                List.of(op(2, "d", 1, Delta.builder().insert("other").build())))).get(30, TimeUnit.SECONDS);

        assertEquals(List.of(committed), answer.others());
        assertEquals(List.of(committed), answer.alreadyCommitted());
        assertEquals(List.of(), answer.ours(), "none of the batch is appended");
        assertEquals(List.of(committed), node2.ops("a", 0, 10));
    }
}
