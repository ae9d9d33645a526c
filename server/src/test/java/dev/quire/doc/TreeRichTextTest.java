package dev.quire.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import org.junit.jupiter.api.Test;

/** The contract, plus what only the tree has: its shape stays balanced and chunked as it grows and shrinks. */
class TreeRichTextTest extends RichTextContractTest {
    @Override
    RichText create(Delta document) {
        return RichText.of(document);
    }

    private static RunTree tree(RichText doc) {
        return ((TreeRichText) doc).tree();
    }

    @Test
    void largeDocument_isSplitIntoBoundedLeavesUnderABalancedTree() {
        RichText doc = RichText.of(Delta.ofText("x".repeat(400_000) + "\n"));
        int height = TreeInvariants.check(tree(doc));
        assertTrue(height >= 3, "expected several levels, got " + height);
        assertEquals(400_001, doc.length());
    }

    @Test
    void typing_atManyPlaces_keepsTheTreeValid() {
        RichText doc = RichText.of(Delta.ofText("\n"));
        StringBuilder expected = new StringBuilder("\n");
        for (int i = 0; i < 50_000; i++) {
            int pos = (int) ((i * 7919L) % expected.length());
            doc.apply(Delta.builder().retain(pos).insert(i % 10 == 0 ? "\n" : "a").build());
            expected.insert(pos, i % 10 == 0 ? "\n" : "a");
        }
        TreeInvariants.check(tree(doc));
        assertEquals(expected.toString(), doc.plainText());
    }

    @Test
    void deletingMostOfALargeDocument_mergesNodesAndLowersTheTree() {
        RichText doc = RichText.of(Delta.ofText("y".repeat(300_000) + "\n"));
        int tall = TreeInvariants.check(tree(doc));
        doc.apply(Delta.builder().retain(10).delete(299_980).build());
        int low = TreeInvariants.check(tree(doc));
        assertTrue(low < tall, "height " + tall + " -> " + low);
        assertEquals("y".repeat(20) + "\n", doc.plainText());
    }

    @Test
    void formattingAcrossLeaves_mergesBackIntoOneRunPerLeaf() {
        RichText doc = RichText.of(Delta.ofText("z".repeat(10_000) + "\n"));
        doc.apply(Delta.builder().retain(100).retain(9_000, BOLD).build());
        TreeInvariants.check(tree(doc));
        assertEquals(Delta.builder().insert("z".repeat(100)).insert("z".repeat(9_000), BOLD)
                .insert("z".repeat(900) + "\n").build(), doc.toDelta());
        doc.apply(Delta.builder().retain(100).retain(9_000, AttributeMap.of("bold", null)).build());
        TreeInvariants.check(tree(doc));
        tree(doc).forEachLeaf(leaf -> assertEquals(1, leaf.runCount));
        assertEquals(Delta.ofText("z".repeat(10_000) + "\n"), doc.toDelta());
    }

    @Test
    void leafSplits_neverCutASurrogatePair() {
        String grin = "\uD83D\uDE00";
        RichText doc = RichText.of(Delta.ofText("\n"));
        for (int i = 0; i < 20_000; i++) {
            doc.apply(Delta.builder().retain(2 * ((i * 31) % (i + 1))).insert(grin).build());
        }
        TreeInvariants.check(tree(doc));
        tree(doc).forEachLeaf(leaf -> {
            assertFalse(Character.isLowSurrogate(leaf.chars[0]), "leaf starts inside a surrogate pair");
            assertFalse(Character.isHighSurrogate(leaf.chars[leaf.len - 1]), "leaf ends inside a surrogate pair");
        });
        assertEquals(grin.repeat(20_000) + "\n", doc.plainText());
    }
}
