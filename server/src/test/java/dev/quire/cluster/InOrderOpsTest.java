package dev.quire.cluster;

import static dev.quire.cluster.ClusterOps.op;
import static dev.quire.cluster.ClusterOps.ops;
import static dev.quire.cluster.ClusterOps.versions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.quire.store.CommittedOp;
import dev.quire.testkit.CapturedLogs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InOrderOpsTest {
    /** The store: every op up to {@code committed} can be read; counts its reads. */
    private static final class Store implements GapFiller {
        long committed;
        int reads;
        final List<String> ranges = new ArrayList<>();

        Store(long committed) {
            this.committed = committed;
        }

        @Override
        public List<CommittedOp> ops(String documentId, long fromExclusive, long toInclusive) {
            reads++;
            ranges.add(fromExclusive + ".." + toInclusive);
            return ops(fromExclusive + 1, Math.min(toInclusive, committed));
        }

        private static List<CommittedOp> ops(long from, long to) {
            return ClusterOps.ops(from, to);
        }
    }

    @Test
    void opsThatContinueTheDocumentAreAppliedWithoutReadingTheStore() {
        Store store = new Store(10);
        InOrderOps order = new InOrderOps("d", 3, store, 100);

        assertEquals(List.of(4L, 5L), versions(accept(order, ops(4, 5))));
        assertEquals(List.of(6L), versions(accept(order, List.of(op(6)))));
        assertEquals(6, order.head());
        assertEquals(0, store.reads);
    }

    @Test
    void taken_opsPastAGapWaitWithoutReadingTheStore_untilALateBatchOrAnOwnCommitClosesIt() {
        Store store = new Store(10);
        InOrderOps order = new InOrderOps("d", 3, store, 100);

        assertEquals(List.of(), versions(order.take(ops(6, 6))));
        assertEquals(List.of(4L), versions(order.take(ops(4, 4))));
        assertEquals(List.of(6L), versions(order.committedHere(op(5))));
        assertEquals(List.of(), versions(order.take(ops(8, 8))));
        assertEquals(1, order.waiting());
        assertEquals(0, store.reads);
        assertEquals(List.of(7L, 8L), versions(order.catchUpTo(order.head())));
        assertEquals(List.of("6..7"), store.ranges);
    }

    @Test
    void opsAlreadyAppliedOrTwiceReceivedAreIgnored() {
        Store store = new Store(10);
        InOrderOps order = new InOrderOps("d", 3, store, 100);

        assertEquals(List.of(), versions(accept(order, ops(1, 3))));
        assertEquals(List.of(4L), versions(accept(order, ops(2, 4))));
        assertEquals(List.of(), versions(accept(order, ops(4, 4))));
        assertEquals(4, order.head());
        assertEquals(0, store.reads);
    }

    @Test
    void aGapIsReadFromTheStoreBeforeTheOpsPastIt() {
        Store store = new Store(10);
        InOrderOps order = new InOrderOps("d", 3, store, 100);

        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), versions(accept(order, ops(7, 8))));
        assertEquals(List.of("3..6"), store.ranges, "only the gap is read");
        assertEquals(0, order.waiting());
    }

    @Test
    void nothingPastAGapIsAppliedWhileTheStoreCannotCloseIt() {
        Store store = new Store(5);
        InOrderOps order = new InOrderOps("d", 3, store, 100);

        assertEquals(List.of(4L, 5L), versions(accept(order, ops(8, 9))), "the store has only up to 5");
        assertEquals(2, order.waiting());
        assertEquals(5, order.head());

        store.committed = 9;
        assertEquals(List.of(6L, 7L, 8L, 9L), versions(accept(order, List.of(op(8)))));
        assertEquals(0, order.waiting());
    }

    @Test
    void severalGapsAreEachReadOnce() {
        Store store = new Store(20);
        InOrderOps order = new InOrderOps("d", 0, store, 100);

        List<CommittedOp> batch = new ArrayList<>(ops(3, 4));
        batch.addAll(ops(8, 9));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), versions(accept(order, batch)));
        assertEquals(List.of("0..2", "4..7"), store.ranges);
    }

    @Test
    void aHintReadsTheOpsUpToItsVersion() {
        Store store = new Store(12);
        InOrderOps order = new InOrderOps("d", 3, store, 100);

        assertEquals(List.of(4L, 5L, 6L), versions(order.catchUpTo(6)));
        assertEquals(List.of(), versions(order.catchUpTo(5)), "an old hint");
        assertEquals(List.of(), versions(order.catchUpTo(6)));
        assertEquals(List.of("3..6"), store.ranges);
    }

    @Test
    void aHintUsesTheOpsWaitingPastAGapAndReadsOnlyWhatIsMissing() {
        Store store = new Store(12);
        boolean[] answered = {false};
        InOrderOps order = new InOrderOps("d", 3, (id, from, to) -> {
            if (!answered[0]) {
                answered[0] = true;
                return List.of();
            }
            return store.ops(id, from, to);
        }, 100);
        assertEquals(List.of(), versions(accept(order, ops(6, 7))), "the first read finds nothing");

        assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L), versions(order.catchUpTo(10)));
        assertEquals(List.of("3..5", "7..10"), store.ranges);
    }

    @Test
    void opsWaitingBeyondTheBoundAreDroppedAndReadLater() {
        Store store = new Store(3);
        InOrderOps order = new InOrderOps("d", 0, store, 2);

        assertEquals(List.of(1L, 2L, 3L), versions(accept(order, ops(5, 9))));
        assertEquals(2, order.waiting(), "the newest ops past the bound are dropped");

        store.committed = 9;
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), versions(order.catchUpTo(9)));
    }

    @Test
    void anOpCommittedHereMovesTheHeadAndIsNotHandedOutAgain() {
        Store store = new Store(10);
        InOrderOps order = new InOrderOps("d", 3, (id, from, to) -> List.of(), 100);

        assertEquals(List.of(), versions(accept(order, ops(5, 6))), "5 and 6 wait for 4");
        assertEquals(List.of(5L, 6L), versions(order.committedHere(op(4))));
        assertEquals(List.of(), versions(accept(order, ops(4, 6))), "4 came back from the feed: already here");
        assertEquals(6, order.head());
        assertEquals(0, store.reads);
        assertThrows(IllegalStateException.class, () -> order.committedHere(op(8)));
    }

    @Test
    void aStoreThatFailsLeavesTheGapAndLosesNoOpAlreadyReady() {
        Store store = new Store(20);
        InOrderOps order = new InOrderOps("d", 0, (id, from, to) -> {
            if (from > 0) {
                throw new IllegalStateException("database down");
            }
            return store.ops(id, from, to);
        }, 100);
        List<CommittedOp> batch = new ArrayList<>(ops(3, 4));
        batch.addAll(ops(8, 9));

        try (CapturedLogs logs = CapturedLogs.of(InOrderOps.class)) {
            assertEquals(List.of(1L, 2L, 3L, 4L), versions(accept(order, batch)));
            logs.await(Level.WARN, "database down");
        }
        assertEquals(4, order.head());
        assertEquals(2, order.waiting());
    }

    /**
     * Batches delivered duplicated, reordered and lost, hints of any age, commits of this node, and a store that
     * lags or answers short: at every step the ops handed out continue the document exactly, and a last hint brings
     * it to the end.
     */
    @Test
    void randomDeliveriesYieldEveryOpOnceInOrder() {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("InOrderOpsTest seed=" + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 300; round++) {
            int total = 1 + random.nextInt(60);
            long start = random.nextInt(5);
            List<List<CommittedOp>> messages = new ArrayList<>();
            for (long v = start + 1; v <= total + start; ) {
                long end = Math.min(total + start, v + random.nextInt(4));
                if (random.nextInt(5) > 0) {
                    messages.add(ops(v, end));
                }
                if (random.nextInt(6) == 0) {
                    messages.add(ops(v, end));
                }
                v = end + 1;
            }
            for (int i = 0; i < messages.size(); i++) {
                int j = Math.min(messages.size() - 1, i + random.nextInt(3));
                Collections.swap(messages, i, j);
            }
            Store store = new Store(start);
            long last = total + start;
            GapFiller lagging = (id, from, to) -> random.nextInt(4) == 0
                    ? List.of()
                    : store.ops(id, from, Math.min(to, from + random.nextInt(5)));
            InOrderOps order = new InOrderOps("d", start, lagging, random.nextInt(3) == 0 ? 3 : 1_000);
            List<Long> applied = new ArrayList<>();
            for (List<CommittedOp> message : messages) {
                store.committed = Math.max(store.committed, message.get(message.size() - 1).version());
                applied.addAll(versions(accept(order, message)));
                if (random.nextInt(4) == 0) {
                    applied.addAll(versions(order.catchUpTo(start + random.nextInt(total + 1))));
                }
                if (random.nextInt(8) == 0 && order.head() < last) {
                    // This node commits the next version itself (its copy from other nodes comes later, if ever).
                    long mine = order.head() + 1;
                    store.committed = Math.max(store.committed, mine);
                    applied.add(mine);
                    applied.addAll(versions(order.committedHere(op(mine))));
                }
                assertContinuous(start, applied, "seed=" + seed + " round " + round);
                assertEquals(start + applied.size(), order.head(), "seed=" + seed + " round " + round);
            }
            store.committed = last;
            InOrderOps settled = order;
            for (int tries = 0; settled.head() < last && tries < 200; tries++) {
                applied.addAll(versions(settled.catchUpTo(last)));
            }
            assertContinuous(start, applied, "seed=" + seed + " round " + round);
            assertEquals(last, order.head(), "seed=" + seed + " round " + round + ": caught up");
        }
    }

    private static void assertContinuous(long start, List<Long> applied, String where) {
        for (int i = 0; i < applied.size(); i++) {
            assertEquals(start + i + 1, applied.get(i), where + ": applied " + applied);
        }
        assertTrue(applied.size() <= 100, where);
    }

    /** A batch from the feed whose gaps are read at once: what the hub does when they are still open after a grace. */
    static List<CommittedOp> accept(InOrderOps order, List<CommittedOp> batch) {
        List<CommittedOp> ready = new ArrayList<>(order.take(batch));
        ready.addAll(order.readGaps());
        return ready;
    }
}
