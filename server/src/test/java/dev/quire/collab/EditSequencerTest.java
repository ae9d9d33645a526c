package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.quire.ot.Delta;
import dev.quire.ot.Rebase;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.InMemoryDocumentStore;
import dev.quire.store.LoadedDocument;
import dev.quire.testkit.RandomEdits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The edit path up to the commit, as a function over the document's state: it returns what happened. */
class EditSequencerTest {
    private static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");
    private final InMemoryDocumentStore store = new InMemoryDocumentStore();
    private final HubSettings settings = HubSettings.defaults();
    private final EditSequencer sequencer = new EditSequencer(store,
            new WriteBudget(settings.bytes(), System::nanoTime), settings, HubMetrics.NONE,
            Clock.fixed(AT, ZoneOffset.UTC));
    private final User ada = new User("ada", "Ada", "#123456");

    private OpenDocument document(String text) {
        return new OpenDocument(new LoadedDocument(new DocumentInfo("d", "t", 0, AT, AT),
                new DocumentSnapshot(0, Delta.ofText(text)), List.of()), store, settings);
    }

    private static Delta insertAt(int index, String text) {
        return Delta.builder().retain(index).insert(text).build();
    }

    @Test
    void appliedOps_moveTheDocumentOn_andComeBackAsTheOpsToCommit() {
        OpenDocument document = document("ab\n");
        EditSequencer.Sequenced outcome = sequencer.sequence(document, ada, null, 0,
                List.of(new ClientOp(1, insertAt(1, "x")), new ClientOp(2, insertAt(2, "y"))));

        EditSequencer.Applied applied = assertInstanceOf(EditSequencer.Applied.class, outcome);
        applied.room().release();
        assertEquals(List.of(1L, 2L), applied.ops().stream().map(CommittedOp::version).toList());
        assertEquals(2, document.version());
        assertEquals(Delta.ofText("axyb\n"), document.content());
    }

    @Test
    void aRefusedOp_changesNothing() {
        OpenDocument document = document("ab\n");
        EditSequencer.Sequenced outcome = sequencer.sequence(document, ada, null, 5,
                List.of(new ClientOp(1, insertAt(1, "x"))));

        assertEquals(ErrorCode.VERSION_IN_FUTURE, assertInstanceOf(EditSequencer.Refused.class, outcome).code());
        assertEquals(0, document.version());
        assertEquals(Delta.ofText("ab\n"), document.content());
    }

    @Test
    void anOpThatDoesNotFit_cutsTheBatchShort_keepingTheOpsBeforeIt() {
        OpenDocument document = document("ab\n");
        EditSequencer.Sequenced outcome = sequencer.sequence(document, ada, null, 0, List.of(
                new ClientOp(1, insertAt(1, "x")), new ClientOp(2, insertAt(99, "y")),
                new ClientOp(3, insertAt(0, "z"))));

        EditSequencer.Applied applied = assertInstanceOf(EditSequencer.Applied.class, outcome);
        applied.room().release();
        assertEquals(1, applied.ops().size());
        assertEquals(2, applied.cutShort().seq());
        assertEquals(ErrorCode.INVALID_DELTA, applied.cutShort().code());
        assertEquals(1, document.version());
    }

    @Test
    void aLoneOp_isRebasedExactlyAsABatchOfOne() {
        long seed = ThreadLocalRandom.current().nextLong();
        System.out.println("EditSequencerTest seed=" + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            Delta document = Delta.ofText("hello world\n");
            List<CommittedOp> since = new ArrayList<>();
            for (int v = 1; v <= 1 + random.nextInt(4); v++) {
                Delta change = RandomEdits.next(random, document);
                document = change.applyTo(document);
                since.add(new CommittedOp(v, "bob", v, change, "Bob", AT));
            }
            Delta lone = RandomEdits.next(random, 12);
            assertEquals(Rebase.past(since.stream().map(CommittedOp::delta).toList(), List.of(lone)),
                    EditSequencer.rebased(since, List.of(new ClientOp(1, lone))), "seed " + seed);
        }
    }
}
