package dev.quire.ot;

import static dev.quire.ot.Deltas.BOLD;
import static dev.quire.ot.Deltas.ITALIC;
import static dev.quire.ot.Deltas.NONE;
import static dev.quire.ot.Deltas.attrs;
import static dev.quire.ot.Deltas.delta;
import static dev.quire.ot.Deltas.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected values are quill-delta 5.1.0's (with fast-diff 1.3.0) for the same inputs. */
class DeltaDiffTest {
    @Test
    void diff_insert_retainThenInsert() {
        assertEquals(delta().retain(1).insert("B").build(), Delta.ofText("A").diff(Delta.ofText("AB")));
    }

    @Test
    void diff_delete_retainThenDelete() {
        assertEquals(delta().retain(1).delete(1).build(), Delta.ofText("AB").diff(Delta.ofText("A")));
    }

    @Test
    void diff_equalDocuments_empty() {
        Delta a = delta().insert("A", attrs("font", Map.of("family", "Helvetica", "size", "15px"))).build();
        Delta b = delta().insert("A", attrs("font", Map.of("size", "15px", "family", "Helvetica"))).build();
        assertEquals(Delta.empty(), a.diff(b));
        assertEquals(Delta.empty(), a.diff(a));
    }

    @Test
    void diff_format_formattingRetain() {
        assertEquals(delta().retain(1, BOLD).build(), Delta.ofText("A").diff(delta().insert("A", BOLD).build()));
    }

    @Test
    void diff_formatAcrossLines_retainsOnlyTheChange() {
        Delta a = Delta.ofText("Hello\nWorld\n");
        Delta b = delta().insert("Hello\n").insert("World", BOLD).insert("\n").build();
        assertEquals(delta().retain(6).retain(5, BOLD).build(), a.diff(b));
    }

    @Test
    void diff_sameEmbed_empty() {
        assertEquals(Delta.empty(), delta().insert(image("x"), NONE).build().diff(delta().insert(image("x"), NONE).build()));
    }

    @Test
    void diff_differentEmbed_replaced() {
        Delta b = delta().insert(image("y"), NONE).build();
        assertEquals(delta().insert(image("y"), NONE).delete(1).build(), delta().insert(image("x"), NONE).build().diff(b));
    }

    @Test
    void diff_embedAgainstNullCharacter_replaced() {
        Delta a = delta().insert(image("x"), NONE).build();
        assertEquals(delta().insert("\u0000").delete(1).build(), a.diff(Delta.ofText("\u0000")));
    }

    @Test
    void diff_inconvenientIndexes_attributesDiffedPerPiece() {
        Delta a = delta().insert("12", BOLD).insert("34", ITALIC).build();
        Delta b = delta().insert("123", attrs("color", "red")).build();
        Delta expected = delta().retain(2, attrs("bold", null, "color", "red"))
                .retain(1, attrs("italic", null, "color", "red")).delete(1).build();
        assertEquals(expected, a.diff(b));
    }

    @Test
    void diff_combination_semanticCleanupReplacesWholeWords() {
        Delta a = delta().insert("Bad", attrs("color", "red")).insert("cat", attrs("color", "blue")).build();
        Delta b = delta().insert("Good", BOLD).insert("dog", ITALIC).build();
        assertEquals(delta().insert("Good", BOLD).insert("dog", ITALIC).delete(6).build(), a.diff(b));
    }

    @Test
    void diff_surrogatePairs_neverSplitAtTheEdges() {
        assertEquals(delta().insert("😁").delete(2).build(), Delta.ofText("😀").diff(Delta.ofText("😁")));
    }

    @Test
    void diff_nonDocument_rejectedNamingWhich() {
        Delta change = delta().retain(1).build();
        Delta doc = Delta.ofText("a");
        assertEquals("diff() called with non-document", assertThrows(IllegalArgumentException.class, () -> change.diff(doc)).getMessage());
        assertEquals("diff() called on non-document", assertThrows(IllegalArgumentException.class, () -> doc.diff(change)).getMessage());
    }

    @Test
    void textDiff_words_semanticCleanup() {
        assertEquals("[EQUAL:The , DELETE:c, INSERT:b, EQUAL:at , DELETE:came, INSERT:ran, EQUAL:.]",
                TextDiff.diff("The cat came.", "The bat ran.").toString());
        assertEquals("[EQUAL:The , DELETE:c , EQUAL:cat came.]", TextDiff.diff("The c cat came.", "The cat came.").toString());
    }

    @Test
    void textDiff_lines_alignedToWordBoundaries() {
        List<TextDiff.Edit> edits = TextDiff.diff("Hello world\nfoo bar\n", "Hello brave new world\nfoo\n");
        assertEquals("[EQUAL:Hello , INSERT:brave new , EQUAL:world\nfoo, DELETE: bar, EQUAL:\n]", edits.toString());
    }

    @Test
    void textDiff_overlap_extractedAsEquality() {
        assertEquals("[DELETE:abc, EQUAL:xxx, INSERT:def]", TextDiff.diff("abcxxx", "xxxdef").toString());
    }

    @Test
    void textDiff_halfMatch_splitsAroundCommonMiddle() {
        assertEquals("[INSERT:a, EQUAL:1234567890, DELETE:a, EQUAL:bcdefgh, INSERT:X, EQUAL:ij]",
                TextDiff.diff("1234567890abcdefghij", "a1234567890bcdefghXij").toString());
    }

    @Test
    void textDiff_loneSurrogatesThatOverflowFastDiff_stillCorrect() {
        // fast-diff recurses until its stack overflows on this input; ours must still end and be right.
        String from = "\ude00b\ud83d\ude00a\ud83d\ude00aab";
        String to = "\ude00a";
        StringBuilder rebuiltFrom = new StringBuilder();
        StringBuilder rebuiltTo = new StringBuilder();
        for (TextDiff.Edit edit : TextDiff.diff(from, to)) {
            if (edit.kind() != TextDiff.Kind.INSERT) {
                rebuiltFrom.append(edit.text());
            }
            if (edit.kind() != TextDiff.Kind.DELETE) {
                rebuiltTo.append(edit.text());
            }
        }
        assertEquals(from, rebuiltFrom.toString());
        assertEquals(to, rebuiltTo.toString());
    }
}
