package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Rebase#past} against the client's side of the same story, on seeded random documents. Replay with
 * {@code -Dquire.seed=N}.
 */
class RebaseTest {
    private static final int CASES = 3_000;
    private static long seed;

    @BeforeAll
    static void chooseSeed() {
        String configured = System.getProperty("quire.seed");
        seed = configured == null || configured.isBlank() ? new java.util.Random().nextLong() : Long.parseLong(configured.trim());
        System.out.println("RebaseTest seed=" + seed + " (rerun with -Dquire.seed=" + seed + ")");
    }

    private static List<Delta> sequence(RandomDeltas random, Delta doc, int count) {
        List<Delta> changes = new ArrayList<>();
        Delta at = doc;
        for (int i = 0; i < count; i++) {
            Delta change = random.change(at.length(), 4);
            changes.add(change);
            at = at.compose(change);
        }
        return changes;
    }

    private static Delta applyAll(Delta doc, List<Delta> changes) {
        Delta at = doc;
        for (Delta change : changes) {
            at = at.compose(change);
        }
        return at;
    }

    /**
     * The server applies the committed changes, then the rebased ops. The client applied its ops first and brings
     * each committed change past its unacknowledged ops one at a time (the committed change has priority), moving
     * those ops along. Both must end with the same document, and the client's moved ops must be exactly the ops the
     * server committed.
     */
    @Test
    void past_serverAndOpByOpClient_endWithTheSameDocumentAndTheSameOps() {
        for (int n = 0; n < CASES; n++) {
            long caseSeed = seed * 31 + n;
            RandomDeltas random = new RandomDeltas(caseSeed);
            Delta doc = random.document(6);
            List<Delta> committed = sequence(random, doc, random.random().nextInt(4));
            List<Delta> ops = sequence(random, doc, 1 + random.random().nextInt(5));

            List<Delta> rebased = Rebase.past(committed, ops);

            List<Delta> pending = new ArrayList<>(ops);
            Delta client = applyAll(doc, ops);
            for (Delta remote : committed) {
                Delta incoming = remote;
                for (int i = 0; i < pending.size(); i++) {
                    Delta mine = pending.get(i);
                    pending.set(i, incoming.transform(mine, true));
                    incoming = mine.transform(incoming, false);
                }
                client = client.compose(incoming);
            }
            String context = "seed=" + seed + " case=" + n + " doc=" + doc + " committed=" + committed + " ops=" + ops;
            assertEquals(applyAll(applyAll(doc, committed), rebased), client, context);
            assertEquals(rebased, pending, context);
        }
    }

    @Test
    void past_nothingCommitted_leavesTheOpsAsTheyAre() {
        List<Delta> ops = List.of(Delta.builder().insert("a").build(), Delta.builder().retain(1).insert("b").build());
        assertEquals(ops, Rebase.past(List.of(), ops));
    }

    @Test
    void past_tiedInserts_committedFirst_thenTheOpsInTheirOwnOrder() {
        Delta committed = Delta.builder().insert("B").build();
        List<Delta> ops = List.of(Delta.builder().insert("x").build(), Delta.builder().insert("y").build());

        List<Delta> rebased = Rebase.past(List.of(committed), ops);

        assertEquals(Delta.ofText("Byx\n"), applyAll(Delta.ofText("\n").compose(committed), rebased));
    }
}
