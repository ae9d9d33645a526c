package dev.quire.ot;

import static dev.quire.ot.Deltas.BOLD;
import static dev.quire.ot.Deltas.NONE;
import static dev.quire.ot.Deltas.attrs;
import static dev.quire.ot.Deltas.delta;
import static dev.quire.ot.Deltas.image;
import static dev.quire.ot.Deltas.video;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Cases of quill-delta's transform tests, plus embeds, surrogate pairs and empty deltas. */
class DeltaTransformTest {
    @Test
    void transform_insertVsInsert_priorityGoesFirst() {
        Delta a = delta().insert("A").build();
        Delta b = delta().insert("B").build();
        assertEquals(delta().retain(1).insert("B").build(), a.transform(b, true));
        assertEquals(delta().insert("B").build(), a.transform(b, false));
    }

    @Test
    void transform_insertVsRetain_retainShifted() {
        Delta a = delta().insert("A").build();
        Delta b = delta().retain(1, attrs("bold", true, "color", "red")).build();
        assertEquals(delta().retain(1).retain(1, attrs("bold", true, "color", "red")).build(), a.transform(b, true));
    }

    @Test
    void transform_insertVsDelete_deleteShifted() {
        Delta a = delta().insert("A").build();
        assertEquals(delta().retain(1).delete(1).build(), a.transform(delta().delete(1).build(), true));
    }

    @Test
    void transform_deleteVsInsert_insertKept() {
        assertEquals(delta().insert("B").build(), delta().delete(1).build().transform(delta().insert("B").build(), true));
    }

    @Test
    void transform_deleteVsFormattingRetain_retainGone() {
        assertEquals(Delta.empty(), delta().delete(1).build().transform(delta().retain(1, BOLD).build(), true));
    }

    @Test
    void transform_deleteVsDelete_nothingLeft() {
        assertEquals(Delta.empty(), delta().delete(1).build().transform(delta().delete(1).build(), true));
    }

    @Test
    void transform_overlappingDeletes_onlyTheRestDeleted() {
        Delta a = delta().retain(2).delete(3).build();
        Delta b = delta().retain(1).delete(3).build();
        assertEquals(delta().retain(1).delete(1).build(), a.transform(b, true));
        assertEquals(delta().retain(1).delete(1).build(), b.transform(a, false));
    }

    @Test
    void transform_retainVsInsert_insertKept() {
        Delta a = delta().retain(1, attrs("color", "blue")).build();
        assertEquals(delta().insert("B").build(), a.transform(delta().insert("B").build(), true));
    }

    @Test
    void transform_retainVsRetainWithPriority_firstKeepsItsKeys() {
        Delta a = delta().retain(1, attrs("color", "blue")).build();
        Delta b = delta().retain(1, attrs("bold", true, "color", "red")).build();
        assertEquals(delta().retain(1, BOLD).build(), a.transform(b, true));
        assertEquals(Delta.empty(), b.transform(a, true));
    }

    @Test
    void transform_retainVsRetainWithoutPriority_secondOverwrites() {
        Delta a = delta().retain(1, attrs("color", "blue")).build();
        Delta b = delta().retain(1, attrs("bold", true, "color", "red")).build();
        assertEquals(delta().retain(1, attrs("bold", true, "color", "red")).build(), a.transform(b, false));
        assertEquals(delta().retain(1, attrs("color", "blue")).build(), b.transform(a, false));
    }

    @Test
    void transform_formattingRetainVsDelete_deleteKept() {
        Delta a = delta().retain(1, attrs("color", "blue")).build();
        assertEquals(delta().delete(1).build(), a.transform(delta().delete(1).build(), true));
    }

    @Test
    void transform_nullAttributeVsSameKey_priorityDropsIt() {
        Delta a = delta().retain(1, attrs("bold", null)).build();
        Delta b = delta().retain(1, attrs("bold", true, "italic", null)).build();
        assertEquals(delta().retain(1, attrs("italic", null)).build(), a.transform(b, true));
        assertEquals(delta().retain(1, attrs("bold", true, "italic", null)).build(), a.transform(b, false));
    }

    @Test
    void transform_alternatingEdits_interleaved() {
        Delta a = delta().retain(2).insert("si").delete(5).build();
        Delta b = delta().retain(1).insert("e").delete(5).insert("ow").build();
        // b is [retain 1, insert "eow", delete 5] in normal form.
        assertEquals(delta().retain(1).insert("eow").delete(1).build(), a.transform(b, false));
        assertEquals(delta().retain(4).insert("si").delete(1).build(), b.transform(a, false));
    }

    @Test
    void transform_conflictingAppends_orderedByPriority() {
        Delta a = delta().retain(3).insert("aa").build();
        Delta b = delta().retain(3).insert("bb").build();
        assertEquals(delta().retain(5).insert("bb").build(), a.transform(b, true));
        assertEquals(delta().retain(3).insert("aa").build(), b.transform(a, false));
    }

    @Test
    void transform_prependVsAppend_independent() {
        Delta a = delta().insert("aa").build();
        Delta b = delta().retain(3).insert("bb").build();
        assertEquals(delta().retain(5).insert("bb").build(), a.transform(b, false));
        assertEquals(delta().insert("aa").build(), b.transform(a, false));
    }

    @Test
    void transform_trailingDeletesOfDifferentLengths_rest() {
        Delta a = delta().retain(2).delete(1).build();
        Delta b = delta().delete(3).build();
        assertEquals(delta().delete(2).build(), a.transform(b, false));
        assertEquals(Delta.empty(), b.transform(a, false));
    }

    @Test
    void transform_surrogatePairInsert_countsTwoUnits() {
        Delta a = delta().insert("😀").build();
        assertEquals(delta().retain(2).insert("x").build(), a.transform(delta().insert("x").build(), true));
        assertEquals(delta().retain(2).delete(1).build(), a.transform(delta().delete(1).build(), false));
    }

    @Test
    void transform_embedInsertVsInsert_embedCountsOne() {
        Delta a = delta().insert(image("x"), NONE).build();
        Delta b = delta().insert(image("y"), BOLD).build();
        assertEquals(delta().retain(1).insert(image("y"), BOLD).build(), a.transform(b, true));
        assertEquals(b, a.transform(b, false));
    }

    @Test
    void transform_embedChangeVsFormattingRetain_embedChangeKeptWithTransformedAttributes() {
        Delta a = delta().retain(1, BOLD).build();
        Delta b = delta().retain(image("x"), attrs("bold", false, "alt", "A")).build();
        assertEquals(delta().retain(image("x"), attrs("alt", "A")).build(), a.transform(b, true));
        assertEquals(b, a.transform(b, false));
    }

    @Test
    void transform_embedChangesOfDifferentTypes_otherKept() {
        Delta a = delta().retain(video("v"), NONE).build();
        Delta b = delta().retain(image("x"), NONE).build();
        assertEquals(b, a.transform(b, true));
    }

    @Test
    void transform_embedChangesOfSameType_unsupported() {
        Delta a = delta().retain(image("x"), NONE).build();
        Delta b = delta().retain(image("y"), NONE).build();
        assertThrows(UnsupportedOperationException.class, () -> a.transform(b, true));
    }

    @Test
    void transform_emptyDeltas_identity() {
        Delta b = delta().retain(2).insert("x").delete(1).build();
        assertEquals(b, Delta.empty().transform(b, true));
        assertEquals(Delta.empty(), b.transform(Delta.empty(), false));
        assertEquals(Delta.empty(), Delta.empty().transform(Delta.empty(), true));
    }
}
