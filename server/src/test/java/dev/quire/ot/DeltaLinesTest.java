package dev.quire.ot;

import static dev.quire.ot.Deltas.BOLD;
import static dev.quire.ot.Deltas.NONE;
import static dev.quire.ot.Deltas.attrs;
import static dev.quire.ot.Deltas.delta;
import static dev.quire.ot.Deltas.image;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaLinesTest {
    @Test
    void lines_document_splitAtNewlinesWithLineFormats() {
        Delta doc = delta().insert("Hello\n\n").insert("World", BOLD).insert(image("x"), NONE)
                .insert("\n", attrs("align", "right")).insert("!").build();
        List<Line> expected = List.of(
                new Line(Delta.ofText("Hello"), NONE),
                new Line(Delta.empty(), NONE),
                new Line(delta().insert("World", BOLD).insert(image("x"), NONE).build(), attrs("align", "right")),
                new Line(Delta.ofText("!"), NONE));
        assertEquals(expected, doc.lines());
    }

    @Test
    void lines_nonInsertOp_stopsThere() {
        Delta delta = delta().insert("a\nb").retain(1).insert("c\n").build();
        assertEquals(List.of(new Line(Delta.ofText("a"), NONE)), delta.lines());
    }

    @Test
    void lines_empty_none() {
        assertEquals(List.of(), Delta.empty().lines());
    }
}
