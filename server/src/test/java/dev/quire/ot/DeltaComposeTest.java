package dev.quire.ot;

import static dev.quire.ot.Deltas.BOLD;
import static dev.quire.ot.Deltas.ITALIC;
import static dev.quire.ot.Deltas.NONE;
import static dev.quire.ot.Deltas.attrs;
import static dev.quire.ot.Deltas.delta;
import static dev.quire.ot.Deltas.image;
import static dev.quire.ot.Deltas.video;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Cases of quill-delta's compose tests plus the edge cases where its shortcuts show in the result. */
class DeltaComposeTest {
    @Test
    void compose_insertThenInsert_secondGoesFirst() {
        assertEquals(delta().insert("B").insert("A").build(), delta().insert("A").build().compose(delta().insert("B").build()));
    }

    @Test
    void compose_insertThenFormattingRetain_insertFormatted() {
        Delta a = delta().insert("A").build();
        Delta b = delta().retain(1, attrs("bold", true, "color", "red", "font", null)).build();
        assertEquals(delta().insert("A", attrs("bold", true, "color", "red")).build(), a.compose(b));
    }

    @Test
    void compose_insertThenDelete_cancelOut() {
        assertEquals(Delta.empty(), delta().insert("A").build().compose(delta().delete(1).build()));
    }

    @Test
    void compose_deleteThenInsert_insertBeforeDelete() {
        assertEquals(delta().insert("B").delete(1).build(), delta().delete(1).build().compose(delta().insert("B").build()));
    }

    @Test
    void compose_deleteThenRetain_bothKept() {
        Delta b = delta().retain(1, BOLD).build();
        assertEquals(delta().delete(1).retain(1, BOLD).build(), delta().delete(1).build().compose(b));
    }

    @Test
    void compose_deleteThenDelete_merged() {
        assertEquals(delta().delete(2).build(), delta().delete(1).build().compose(delta().delete(1).build()));
    }

    @Test
    void compose_retainThenInsert_insertFirst() {
        Delta a = delta().retain(1, attrs("color", "blue")).build();
        assertEquals(delta().insert("B").retain(1, attrs("color", "blue")).build(), a.compose(delta().insert("B").build()));
    }

    @Test
    void compose_retainThenRetain_attributesComposedKeepingNull() {
        Delta a = delta().retain(1, attrs("color", "blue")).build();
        Delta b = delta().retain(1, attrs("bold", true, "color", "red", "font", null)).build();
        assertEquals(delta().retain(1, attrs("bold", true, "color", "red", "font", null)).build(), a.compose(b));
    }

    @Test
    void compose_retainThenDelete_delete() {
        Delta a = delta().retain(1, attrs("color", "blue")).build();
        assertEquals(delta().delete(1).build(), a.compose(delta().delete(1).build()));
    }

    @Test
    void compose_insertInMiddleOfText_split() {
        Delta a = delta().insert("Hello").build();
        Delta b = delta().retain(3).insert("X").build();
        assertEquals(delta().insert("HelXlo").build(), a.compose(b));
    }

    @Test
    void compose_insertAndDeleteOrdering_sameResultEitherWay() {
        Delta a = delta().insert("Hello").build();
        Delta insertFirst = delta().retain(3).insert("X").delete(1).build();
        Delta deleteFirst = delta().retain(3).delete(1).insert("X").build();
        Delta expected = delta().insert("HelXo").build();
        assertEquals(expected, a.compose(insertFirst));
        assertEquals(expected, a.compose(deleteFirst));
    }

    @Test
    void compose_formattingRetainOverEmbed_embedFormatted() {
        Delta a = delta().insert(image("x"), NONE).build();
        Delta b = delta().retain(1, attrs("alt", "Image")).build();
        assertEquals(delta().insert(image("x"), attrs("alt", "Image")).build(), a.compose(b));
    }

    @Test
    void compose_deleteEntireText_onlyTheDeletesOfFirstRemain() {
        Delta a = delta().retain(4).insert("Hello").build();
        Delta b = delta().delete(9).build();
        assertEquals(delta().delete(4).build(), a.compose(b));
    }

    @Test
    void compose_retainMoreThanLength_chopped() {
        assertEquals(delta().insert("Hello").build(), delta().insert("Hello").build().compose(delta().retain(10).build()));
    }

    @Test
    void compose_formattingRetainPastEnd_kept() {
        Delta result = delta().insert("a").build().compose(delta().retain(3, BOLD).build());
        assertEquals(delta().insert("a", BOLD).retain(2, BOLD).build(), result);
    }

    @Test
    void compose_removeAllAttributes_plainInsert() {
        Delta a = delta().insert("A", BOLD).build();
        assertEquals(delta().insert("A").build(), a.compose(delta().retain(1, attrs("bold", null)).build()));
    }

    @Test
    void compose_removeAllEmbedAttributes_plainEmbed() {
        Delta a = delta().insert(image("x"), BOLD).build();
        assertEquals(delta().insert(image("x"), NONE).build(), a.compose(delta().retain(1, attrs("bold", null)).build()));
    }

    @Test
    void compose_openingRetain_leadingInsertsKeptAsTheyAre() {
        Delta a = delta().insert("A", BOLD).insert("B").insert("C", BOLD).delete(1).build();
        Delta b = delta().retain(3).insert("D").build();
        Delta expected = delta().insert("A", BOLD).insert("B").insert("C", BOLD).insert("D").delete(1).build();
        assertEquals(expected, a.compose(b));
    }

    @Test
    void compose_openingRetainEndingInsideAnInsert_splitsIt() {
        Delta a = delta().insert("A", BOLD).insert("B").insert("C", BOLD).retain(5).delete(1).build();
        Delta b = delta().retain(4).insert("D").build();
        Delta expected = delta().insert("A", BOLD).insert("B").insert("C", BOLD).retain(1).insert("D").retain(4).delete(1).build();
        assertEquals(expected, a.compose(b));
    }

    @Test
    void compose_secondUsedUp_restOfFirstAppended() {
        Delta a = delta().insert("A", BOLD).insert("B").insert("C", BOLD).build();
        assertEquals(delta().insert("B").insert("C", BOLD).build(), a.compose(delta().delete(1).build()));
    }

    @Test
    void compose_secondUsedUpAtMergeableSeam_joined() {
        Delta a = delta().insert("A", BOLD).insert("B").insert("C", BOLD).insert("D").insert("E", BOLD).insert("F").build();
        Delta b = delta().retain(1).delete(1).build();
        Delta expected = delta().insert("AC", BOLD).insert("D").insert("E", BOLD).insert("F").build();
        assertEquals(expected, a.compose(b));
    }

    @Test
    void compose_nullAttributeOnInsertOfSecond_dropped() {
        Delta a = delta().insert("A").build();
        assertEquals(delta().insert("BA").build(), a.compose(delta().insert("B").build()));
        Delta withNull = delta().insert("x", attrs("bold", null)).build();
        Delta composed = Delta.empty().compose(withNull);
        assertEquals(withNull, composed, "an insert of the second delta is taken as it is");
    }

    @Test
    void compose_nullAttributesOfFirstInsert_survive() {
        Delta a = delta().insert("a", attrs("bold", null)).insert("b").build();
        Delta b = delta().retain(1).retain(1, ITALIC).build();
        assertEquals(delta().insert("a", attrs("bold", null)).insert("b", ITALIC).build(), a.compose(b));
    }

    @Test
    void compose_emptyDeltas_identity() {
        Delta doc = delta().insert("a", BOLD).insert(image("x"), NONE).build();
        assertEquals(doc, doc.compose(Delta.empty()));
        assertEquals(doc, Delta.empty().compose(doc));
        assertEquals(Delta.empty(), Delta.empty().compose(Delta.empty()));
    }

    @Test
    void compose_surrogatePair_splitLikeJavaScript() {
        Delta a = delta().insert("😀").build();
        Delta b = delta().retain(1).insert("x").build();
        assertEquals(delta().insert("\ud83dx\ude00").build(), a.compose(b));
    }

    @Test
    void compose_embedChangeOverPlainRetain_keptAsEmbedChange() {
        Delta a = delta().retain(1, BOLD).build();
        Delta b = delta().retain(image("x"), ITALIC).build();
        assertEquals(delta().retain(image("x"), attrs("bold", true, "italic", true)).build(), a.compose(b));
        assertEquals(b, Delta.empty().compose(b));
    }

    @Test
    void compose_formattingRetainOverEmbedChange_embedChangeKeptWithItsNulls() {
        Delta a = delta().retain(image("x"), attrs("bold", null)).build();
        Delta b = delta().retain(1, ITALIC).build();
        assertEquals(delta().retain(image("x"), attrs("italic", true, "bold", null)).build(), a.compose(b));
    }

    @Test
    void compose_embedChangeOnSameEmbedType_unsupported() {
        Delta a = delta().insert(image("x"), NONE).build();
        Delta b = delta().retain(image("y"), NONE).build();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> a.compose(b));
        assertTrue(e.getMessage().contains("image"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> b.compose(b));
    }

    @Test
    void compose_embedChangeOnOtherTypeOrText_rejected() {
        Delta b = delta().retain(video("y"), NONE).build();
        assertThrows(InvalidDeltaException.class, () -> delta().insert(image("x"), NONE).build().compose(b));
        assertThrows(InvalidDeltaException.class, () -> delta().insert("a").build().compose(b));
    }
}
