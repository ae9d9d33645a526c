package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.Delta;
import org.junit.jupiter.api.Test;

class SelectionTest {

    @Test
    void within_keepsASelectionInsideTheDocument() {
        assertEquals(new Selection(2, 3), new Selection(2, 3).within(6));
        assertEquals(new Selection(5, 0), new Selection(5, 0).within(6), "the cursor before the final newline");
    }

    @Test
    void within_clampsBothEndsToTheLastCursorPosition() {
        assertEquals(new Selection(2, 3), new Selection(2, 40).within(6));
        assertEquals(new Selection(5, 0), new Selection(1_000_000, 7).within(6));
        assertEquals(new Selection(0, 0), new Selection(3, 3).within(1), "an empty document has one position");
    }

    @Test
    void within_doesNotOverflowOnTheLargestValues_andTheResultTransforms() {
        Selection clamped = new Selection(Integer.MAX_VALUE, Integer.MAX_VALUE).within(10);
        assertEquals(new Selection(9, 0), clamped);
        assertEquals(new Selection(10, 0), clamped.transform(Delta.builder().insert("x").build()));
        assertEquals(new Selection(1, 8), new Selection(1, Integer.MAX_VALUE).within(10));
    }
}
