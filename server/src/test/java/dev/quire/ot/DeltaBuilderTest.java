package dev.quire.ot;

import static dev.quire.ot.Deltas.BOLD;
import static dev.quire.ot.Deltas.ITALIC;
import static dev.quire.ot.Deltas.NONE;
import static dev.quire.ot.Deltas.attrs;
import static dev.quire.ot.Deltas.delta;
import static dev.quire.ot.Deltas.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaBuilderTest {
    @Test
    void push_deleteAfterDelete_merges() {
        assertEquals(List.of(new Op.Delete(3)), delta().delete(1).delete(2).build().ops());
    }

    @Test
    void push_insertAfterDelete_goesBeforeDelete() {
        assertEquals(List.of(new Op.Insert("a", NONE), new Op.Delete(1)), delta().delete(1).insert("a").build().ops());
    }

    @Test
    void push_insertAfterInsertAndDelete_mergesWithTheInsert() {
        Delta delta = delta().insert("a").delete(1).insert("b").build();
        assertEquals(List.of(new Op.Insert("ab", NONE), new Op.Delete(1)), delta.ops());
    }

    @Test
    void push_embedAfterRetainAndDelete_goesBeforeDelete() {
        Delta delta = delta().retain(1).delete(1).insert(image("x"), NONE).build();
        assertEquals(List.of(new Op.Retain(1, NONE), new Op.InsertEmbed(image("x"), NONE), new Op.Delete(1)), delta.ops());
    }

    @Test
    void push_insertsWithEqualAttributes_merge() {
        assertEquals(List.of(new Op.Insert("ab", BOLD)), delta().insert("a", BOLD).insert("b", attrs("bold", true)).build().ops());
    }

    @Test
    void push_insertsWithDifferentAttributes_stayApart() {
        assertEquals(2, delta().insert("a", BOLD).insert("b", ITALIC).build().ops().size());
        assertEquals(2, delta().insert("a", BOLD).insert("b").build().ops().size());
    }

    @Test
    void push_retainsWithEqualAttributes_merge() {
        assertEquals(List.of(new Op.Retain(5, BOLD)), delta().retain(2, BOLD).retain(3, BOLD).build().ops());
        assertEquals(2, delta().retain(2, BOLD).retain(3).build().ops().size());
    }

    @Test
    void push_embedsAndEmbedRetains_neverMerge() {
        assertEquals(2, delta().insert(image("x"), NONE).insert(image("x"), NONE).build().ops().size());
        assertEquals(2, delta().insert("a").insert(image("x"), NONE).build().ops().size());
        assertEquals(2, delta().retain(image("x"), NONE).retain(image("x"), NONE).build().ops().size());
        assertEquals(2, delta().retain(1).retain(image("x"), NONE).build().ops().size());
    }

    @Test
    void push_emptyAndNonPositiveOps_dropped() {
        assertSame(Delta.empty(), delta().insert("").retain(0).retain(-1).delete(0).delete(-2).build());
    }

    @Test
    void push_manySingleCharacterInserts_mergeIntoOne() {
        Delta.Builder builder = delta();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            builder.insert(i % 2 == 0 ? "a" : "b");
            expected.append(i % 2 == 0 ? 'a' : 'b');
        }
        assertEquals(List.of(new Op.Insert(expected.toString(), NONE)), builder.build().ops());
    }

    @Test
    void chop_trailingPlainRetain_removed() {
        assertEquals(delta().insert("a").build(), delta().insert("a").retain(3).build().chop());
        assertEquals(delta().insert("a").build(), delta().insert("a").retain(3).chop().build());
    }

    @Test
    void chop_trailingFormattingRetain_kept() {
        Delta delta = delta().insert("a").retain(3, BOLD).build();
        assertSame(delta, delta.chop());
    }

    @Test
    void build_calledTwiceAndPushedAfter_earlierDeltaUnchanged() {
        Delta.Builder builder = delta().insert("a");
        Delta first = builder.build();
        builder.insert("b");
        assertEquals(List.of(new Op.Insert("a", NONE)), first.ops());
        assertEquals(List.of(new Op.Insert("ab", NONE)), builder.build().ops());
    }

    @Test
    void of_unnormalisedOps_normalised() {
        Delta delta = Delta.of(List.of(new Op.Delete(1), new Op.Insert("a", NONE), new Op.Insert("b", NONE), new Op.Retain(2, NONE)));
        assertEquals(List.of(new Op.Insert("ab", NONE), new Op.Delete(1), new Op.Retain(2, NONE)), delta.ops());
    }

    @Test
    void lengths_mixedDelta_countedInUtf16UnitsWithEmbedsAsOne() {
        Delta delta = delta().retain(3).insert("😀", BOLD).insert(image("x"), NONE).delete(4).retain(image("x"), NONE).build();
        assertEquals(3 + 2 + 1 + 4 + 1, delta.length());
        assertEquals(2 + 1 - 4, delta.changeLength());
        assertEquals(3 + 4 + 1, delta.baseLength());
        assertFalse(delta.isDocument());
        assertTrue(Delta.ofText("a\n").isDocument());
        assertTrue(Delta.empty().isDocument());
    }
}
