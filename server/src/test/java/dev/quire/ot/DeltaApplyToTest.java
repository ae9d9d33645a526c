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

class DeltaApplyToTest {
    /** "Hello" + image + "\n": length 7. */
    private static final Delta DOC = delta().insert("Hello").insert(image("x"), NONE).insert("\n").build();

    private static String rejection(Delta change, Delta document) {
        return assertThrows(InvalidDeltaException.class, () -> change.applyTo(document)).getMessage();
    }

    @Test
    void applyTo_fittingChange_composed() {
        Delta change = delta().retain(1).delete(4).insert("i", BOLD).retain(1, attrs("alt", "A")).build();
        Delta expected = delta().insert("H").insert("i", BOLD).insert(image("x"), attrs("alt", "A")).insert("\n").build();
        assertEquals(expected, change.applyTo(DOC));
    }

    @Test
    void applyTo_insertBeforeFinalNewline_accepted() {
        assertEquals(Delta.ofText("ab\n"), delta().retain(1).insert("b").build().applyTo(Delta.ofText("a\n")));
    }

    @Test
    void applyTo_changeUsingWholeDocument_accepted() {
        Delta change = delta().delete(6).retain(1, attrs("header", 1)).build();
        assertEquals(delta().insert("\n", attrs("header", 1)).build(), change.applyTo(DOC));
    }

    @Test
    void applyTo_emptyChange_documentUnchanged() {
        assertEquals(DOC, Delta.empty().applyTo(DOC));
    }

    @Test
    void applyTo_retainPastEnd_rejectedWithLengths() {
        assertEquals("delta retains/deletes 12 characters but the document has 7",
                rejection(delta().retain(10).delete(2).build(), DOC));
    }

    @Test
    void applyTo_deletePastEnd_rejectedWithLengths() {
        assertEquals("delta retains/deletes 8 characters but the document has 7", rejection(delta().delete(8).build(), DOC));
    }

    @Test
    void applyTo_deletingFinalNewline_rejected() {
        assertEquals("delta would remove the document's final newline", rejection(delta().retain(6).delete(1).build(), DOC));
        assertEquals("delta would remove the document's final newline", rejection(delta().delete(7).build(), DOC));
    }

    @Test
    void applyTo_insertAfterFinalNewline_rejected() {
        assertEquals("delta would remove the document's final newline", rejection(delta().retain(7).insert("x").build(), DOC));
    }

    @Test
    void applyTo_replacingFinalNewlineWithText_rejected() {
        assertEquals("delta would remove the document's final newline",
                rejection(delta().retain(6).insert("x").delete(1).build(), DOC));
    }

    @Test
    void applyTo_documentWithRetain_rejected() {
        Delta notDocument = delta().insert("a").retain(1).build();
        assertEquals("not a document: op 1 is a retain, not an insert", rejection(Delta.empty(), notDocument));
    }

    @Test
    void applyTo_documentWithoutFinalNewline_rejected() {
        assertEquals("not a document: it must end with a newline (\\n)", rejection(Delta.empty(), Delta.ofText("abc")));
        assertEquals("not a document: it must end with a newline (\\n)", rejection(Delta.empty(), Delta.empty()));
        Delta endsWithEmbed = delta().insert("\n").insert(image("x"), NONE).build();
        assertEquals("not a document: it must end with a newline (\\n)", rejection(Delta.empty(), endsWithEmbed));
    }

    @Test
    void applyTo_embedChangeOnText_rejected() {
        assertEquals("delta retains an embed change of type image at index 2 but the document has text there",
                rejection(delta().retain(2).retain(image("y"), NONE).build(), DOC));
    }

    @Test
    void applyTo_embedChangeOnOtherEmbedType_rejected() {
        assertEquals("embed types not matched: image != video", rejection(delta().retain(5).retain(video("y"), NONE).build(), DOC));
    }

    @Test
    void applyTo_embedChangeOnSameEmbedType_unsupported() {
        Delta change = delta().retain(5).retain(image("y"), NONE).build();
        assertThrows(UnsupportedOperationException.class, () -> change.applyTo(DOC));
    }
}
