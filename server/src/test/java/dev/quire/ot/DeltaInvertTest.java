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

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeltaInvertTest {
    private static final Delta BASE = delta().insert("123456").build();

    @Test
    void invert_insert_deleted() {
        Delta change = delta().retain(2).insert("A").build();
        Delta inverted = change.invert(BASE);
        assertEquals(delta().retain(2).delete(1).build(), inverted);
        assertEquals(BASE, BASE.compose(change).compose(inverted));
    }

    @Test
    void invert_delete_baseTextReinserted() {
        Delta change = delta().retain(2).delete(3).build();
        Delta inverted = change.invert(BASE);
        assertEquals(delta().retain(2).insert("345").build(), inverted);
        assertEquals(BASE, BASE.compose(change).compose(inverted));
    }

    @Test
    void invert_formattingRetain_formatRemoved() {
        Delta change = delta().retain(2).retain(3, BOLD).build();
        assertEquals(delta().retain(2).retain(3, attrs("bold", null)).build(), change.invert(BASE));
    }

    @Test
    void invert_formattingRetainOverMixedBase_eachPieceRestored() {
        Delta base = delta().insert("12", attrs("color", "red")).insert("3").insert(image("x"), NONE).build();
        Delta change = delta().retain(4, attrs("color", "blue")).build();
        assertEquals(delta().retain(2, attrs("color", "red")).retain(2, attrs("color", null)).build(), change.invert(base));
    }

    @Test
    void invert_combined_matchesQuillDelta() {
        Delta base = delta().insert("123").insert(image("x"), NONE).insert("456", BOLD).insert("\n").build();
        Delta change = delta().retain(2).insert("ab", ITALIC).retain(2, attrs("bold", true, "color", "red"))
                .delete(3).retain(1, attrs("header", 1)).build();
        Delta expected = delta().retain(2).delete(2).retain(2, attrs("bold", null, "color", null))
                .insert("456", BOLD).retain(1, attrs("header", null)).build();
        Delta inverted = change.invert(base);
        assertEquals(expected, inverted);
        assertEquals(base, base.compose(change).compose(inverted));
    }

    @Test
    void invert_objectValuedAttributeSetAgain_restoredLikeJavaScriptIdentity() {
        // quill-delta compares with !==, so an equal object still counts as a change to undo.
        Map<String, Object> font = Map.of("family", "serif");
        Delta base = delta().insert("a", attrs("font", font)).build();
        Delta change = delta().retain(1, attrs("font", font, "color", "red")).build();
        assertEquals(delta().retain(1, attrs("font", font, "color", null)).build(), change.invert(base));
    }

    @Test
    void invert_pastEndOfBase_onlyWhatBaseHas() {
        Delta change = delta().retain(5).delete(4).build();
        assertEquals(delta().retain(5).insert("6").build(), change.invert(BASE));
    }

    @Test
    void invert_emptyChange_empty() {
        assertEquals(Delta.empty(), Delta.empty().invert(BASE));
    }

    @Test
    void invert_embedChange_unsupportedOrRejected() {
        Delta base = delta().insert("a").insert(image("x"), NONE).build();
        assertThrows(UnsupportedOperationException.class, () -> delta().retain(1).retain(image("y"), NONE).build().invert(base));
        assertThrows(InvalidDeltaException.class, () -> delta().retain(1).retain(video("y"), NONE).build().invert(base));
        assertThrows(InvalidDeltaException.class, () -> delta().retain(image("y"), NONE).build().invert(base));
        assertThrows(InvalidDeltaException.class, () -> delta().retain(2).retain(image("y"), NONE).build().invert(base));
    }
}
