package dev.quire.ot;

import static dev.quire.ot.Deltas.BOLD;
import static dev.quire.ot.Deltas.NONE;
import static dev.quire.ot.Deltas.delta;
import static dev.quire.ot.Deltas.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaSliceConcatTest {
    private static final Delta MIXED = delta().retain(2).insert("A", BOLD).insert(image("x"), NONE).delete(3).build();

    @Test
    void slice_start_restFromThere() {
        assertEquals(delta().insert("A", BOLD).insert(image("x"), NONE).delete(3).build(), MIXED.slice(2));
    }

    @Test
    void slice_startAndEnd_cutsOps() {
        assertEquals(delta().retain(1).insert("A", BOLD).build(), MIXED.slice(1, 3));
        assertEquals(delta().delete(2).build(), MIXED.slice(4, 6));
    }

    @Test
    void slice_insideOneInsert_substring() {
        assertEquals(Delta.ofText("ll"), Delta.ofText("hello").slice(2, 4));
    }

    @Test
    void slice_emptyRangeOrPastEnd_empty() {
        assertEquals(Delta.empty(), MIXED.slice(3, 3));
        assertEquals(Delta.empty(), MIXED.slice(50, 60));
    }

    @Test
    void slice_wholeDelta_equal() {
        assertEquals(MIXED, MIXED.slice(0, MIXED.length()));
    }

    @Test
    void concat_empty_same() {
        assertSame(MIXED, MIXED.concat(Delta.empty()));
        assertEquals(MIXED, Delta.empty().concat(MIXED));
    }

    @Test
    void concat_mergeableSeam_merged() {
        Delta a = delta().insert("a", BOLD).build();
        Delta b = delta().insert("b", BOLD).insert("c").build();
        assertEquals(List.of(new Op.Insert("ab", BOLD), new Op.Insert("c", NONE)), a.concat(b).ops());
    }

    @Test
    void concat_unmergeableSeam_joined() {
        Delta a = delta().insert("a").build();
        Delta b = delta().insert(image("x"), NONE).insert("b").build();
        assertEquals(3, a.concat(b).ops().size());
    }
}
