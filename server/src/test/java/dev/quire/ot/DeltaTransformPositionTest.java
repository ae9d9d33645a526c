package dev.quire.ot;

import static dev.quire.ot.Deltas.delta;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeltaTransformPositionTest {
    @Test
    void transformPosition_insertBefore_shiftsRight() {
        assertEquals(3, delta().insert("A").build().transformPosition(2, false));
    }

    @Test
    void transformPosition_insertAfter_unchanged() {
        assertEquals(1, delta().retain(2).insert("A").build().transformPosition(1, false));
    }

    @Test
    void transformPosition_insertAtPosition_shiftsOnlyWithoutPriority() {
        Delta delta = delta().retain(2).insert("A").build();
        assertEquals(2, delta.transformPosition(2, true));
        assertEquals(3, delta.transformPosition(2, false));
    }

    @Test
    void transformPosition_insertAtZeroWithPriority_unchanged() {
        assertEquals(0, delta().insert("AB").build().transformPosition(0, true));
        assertEquals(2, delta().insert("AB").build().transformPosition(0, false));
    }

    @Test
    void transformPosition_deleteBefore_shiftsLeft() {
        assertEquals(2, delta().delete(2).build().transformPosition(4, false));
    }

    @Test
    void transformPosition_deleteAfter_unchanged() {
        assertEquals(2, delta().retain(4).delete(2).build().transformPosition(2, false));
    }

    @Test
    void transformPosition_deleteAcross_movesToDeleteStart() {
        assertEquals(1, delta().retain(1).delete(4).build().transformPosition(2, false));
    }

    @Test
    void transformPosition_insertAndDeleteBefore_netShift() {
        assertEquals(3, delta().retain(2).insert("A").delete(2).build().transformPosition(4, false));
    }

    @Test
    void transformPosition_insertBeforeAndDeleteAcross_both() {
        assertEquals(2, delta().retain(1).insert("A").delete(4).build().transformPosition(4, false));
    }

    @Test
    void transformPosition_deleteBeforeAndDeleteAcross_both() {
        assertEquals(1, delta().delete(1).retain(1).delete(4).build().transformPosition(4, false));
    }

    @Test
    void transformPosition_emptyDeltaOrPastEnd_unchanged() {
        assertEquals(7, Delta.empty().transformPosition(7, true));
        assertEquals(7, delta().retain(2).insert("A").build().transformPosition(6, false));
    }
}
