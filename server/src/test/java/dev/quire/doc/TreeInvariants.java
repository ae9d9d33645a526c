package dev.quire.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.AttributeMap;

/** Checks the structural invariants of a {@link RunTree}; used by the tree's tests. */
final class TreeInvariants {
    private TreeInvariants() {
    }

    /** Returns the tree's height (1 for a single leaf) after checking every invariant. */
    static int check(RunTree tree) {
        return check(tree.root, true);
    }

    private static int check(Node node, boolean root) {
        if (node instanceof Leaf leaf) {
            if (!root) {
                assertTrue(leaf.len >= RunTree.LEAF_MIN, "leaf underfull: " + leaf.len);
            }
            assertTrue(leaf.len <= RunTree.LEAF_MAX, "leaf overfull: " + leaf.len);
            int sum = 0;
            for (int r = 0; r < leaf.runCount; r++) {
                assertTrue(leaf.runLen[r] > 0, "empty run");
                AttributeMap attrs = leaf.runAttrs[r];
                assertNotNull(attrs);
                if (leaf.runEmbed[r] != null) {
                    assertEquals(1, leaf.runLen[r], "embed run of length != 1");
                    assertEquals(RichText.EMBED_CHAR, leaf.chars[sum]);
                } else if (r > 0 && leaf.runEmbed[r - 1] == null) {
                    assertFalse(attrs.equals(leaf.runAttrs[r - 1]), "unmerged neighbouring runs");
                }
                sum += leaf.runLen[r];
            }
            assertEquals(leaf.len, sum, "run lengths do not sum to the leaf length");
            return 1;
        }
        Inner inner = (Inner) node;
        assertTrue(inner.count >= (root ? 2 : RunTree.INNER_MIN), "inner underfull: " + inner.count);
        assertTrue(inner.count <= RunTree.INNER_MAX, "inner overfull: " + inner.count);
        int sum = 0;
        int height = -1;
        for (int i = 0; i < inner.count; i++) {
            int h = check(inner.kids[i], false);
            assertTrue(height == -1 || height == h, "leaves at different depths");
            height = h;
            sum += inner.kids[i].len;
        }
        assertEquals(inner.len, sum, "inner length is not the sum of its children");
        return height + 1;
    }
}
