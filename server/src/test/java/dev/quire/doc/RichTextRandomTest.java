package dev.quire.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.ot.Op;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded random equivalence: the tree against the flat list, and against quill-delta's compose as
 * implemented in {@code dev.quire.ot}, over thousands of edits on documents large enough to split
 * and merge leaves and inner nodes. Run with {@code -Dquire.seed=N} to replay a printed seed.
 */
class RichTextRandomTest {
    private static final int EDITS = 4_000;

    private static long seed() {
        long seed = Long.getLong("quire.seed", ThreadLocalRandom.current().nextLong());
        System.out.println("seed=" + seed + " (replay with -Dquire.seed=" + seed + ")");
        return seed;
    }

    /** Sizes chosen for trees of height 3 (root, inner, leaves) and 4 (inner nodes split and merge too). */
    @ParameterizedTest(name = "document of {0} units, {1} edits")
    @CsvSource({"40000, 4000, 10, 3", "400000, 1500, 50, 4"})
    void tree_matchesFlatList_overRandomEdits(int size, int edits, int compareEvery, int height) {
        long seed = seed();
        RandomEdits random = new RandomEdits(seed);
        Delta start = random.document(size);
        TreeRichText tree = (TreeRichText) RichText.of(start);
        RichText flat = FlatRichText.of(start);
        int maxHeight = 0;
        for (int i = 0; i < edits; i++) {
            Delta change = random.change(flat.length());
            String context = "seed=" + seed + " edit " + i + " " + abbreviate(change);
            RuntimeException flatError = thrownBy(() -> flat.apply(change));
            // check() answers as apply() will, and changes nothing (the apply after it is compared with flat's).
            RuntimeException checkError = thrownBy(() -> tree.check(change));
            RuntimeException treeError = thrownBy(() -> tree.apply(change));
            assertEquals(describe(flatError), describe(checkError), context + " check");
            assertEquals(describe(flatError), describe(treeError), context);
            assertEquals(flat.length(), tree.length(), context);
            if (i % compareEvery == 0 || flatError != null) {
                assertEquals(flat.toDelta(), tree.toDelta(), context);
                assertEquals(flat.plainText(), tree.plainText(), context);
                int at = (int) Math.floorMod(seed + i * 7919L, (long) tree.length());
                assertEquals(flat.charAt(at), tree.charAt(at), context + " charAt(" + at + ")");
            }
            if (i % 100 == 0) {
                maxHeight = Math.max(maxHeight, TreeInvariants.check(tree.tree()));
            }
        }
        assertEquals(flat.toDelta(), tree.toDelta(), "seed=" + seed);
        TreeInvariants.check(tree.tree());
        System.out.println("max tree height " + maxHeight + ", final length " + tree.length());
        assertTrue(maxHeight >= height, "the edits did not reach a tree of height " + height + ": " + maxHeight);
    }

    @Test
    void tree_matchesCompose_overRandomEdits() {
        long seed = seed();
        RandomEdits random = new RandomEdits(seed);
        Delta expected = random.document(20_000);
        RichText tree = RichText.of(expected);
        for (int i = 0; i < EDITS / 2; i++) {
            Delta change = random.change(tree.length());
            String context = "seed=" + seed + " edit " + i + " " + abbreviate(change);
            RuntimeException applyError = null;
            Delta next = expected;
            try {
                next = change.applyTo(expected);
                assertEquals(expected.compose(change), next, context);
            } catch (RuntimeException e) {
                applyError = e;
            }
            RuntimeException treeError = thrownBy(() -> tree.apply(change));
            assertEquals(applyError == null ? null : applyError.getClass(),
                    treeError == null ? null : treeError.getClass(), context + " " + describe(treeError));
            expected = next;
            assertEquals(expected, tree.toDelta(), context);
        }
    }

    /** What {@code step} threw, or null. */
    private static RuntimeException thrownBy(Runnable step) {
        try {
            step.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static String describe(RuntimeException e) {
        return e == null ? "applied" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String abbreviate(Delta change) {
        StringBuilder text = new StringBuilder("[");
        for (Op op : change.ops()) {
            String s = op.toString();
            text.append(s.length() > 80 ? s.substring(0, 80) + "…" : s).append(", ");
        }
        return text.append(']').toString();
    }
}
