package dev.quire.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import org.junit.jupiter.api.Test;

/**
 * The text a delta is stored as in the database file. Files written by one version are read by every later one, so
 * this form changes only on purpose (with a migration): a failure here means the stored format moved.
 */
class StoredDeltaFormTest {

    /** Every kind of op, attributes of every JSON type, an embed, and text that needs escapes. */
    private static final Delta EVERY_KIND = Delta.builder()
            .insert("Héllo \"q\" \\\n", AttributeMap.of("bold", true, "header", 1L, "color", "#ff0000"))
            .insert(Embed.of("image", "x.png"), AttributeMap.of("width", 1.5))
            .retain(3, AttributeMap.of("italic", null))
            .delete(2)
            .retain(4)
            .build();

    private static final String EVERY_KIND_STORED = "{\"ops\":["
            + "{\"insert\":\"Héllo \\\"q\\\" \\\\\\n\",\"attributes\":{\"bold\":true,\"header\":1,\"color\":\"#ff0000\"}},"
            + "{\"insert\":{\"image\":\"x.png\"},\"attributes\":{\"width\":1.5}},"
            + "{\"retain\":3,\"attributes\":{\"italic\":null}},"
            + "{\"delete\":2},"
            + "{\"retain\":4}]}";

    @Test
    void delta_isStoredAsQuillDeltaJson() {
        assertEquals(EVERY_KIND_STORED, Rows.json(EVERY_KIND));
        assertEquals(EVERY_KIND, Rows.delta(EVERY_KIND_STORED));
    }

    /** A pair in text without a lone half is escaped by the mapper (every surrogate as a \\u escape). */
    @Test
    void surrogatePair_isStoredAsEscapes() {
        assertTextStoredAs("a😀b\n", "a\\ud83d\\ude00b\\n");
    }

    /**
     * Text with a lone half, which has no UTF-8 form (SQLite would store "?"), is written as JSON.stringify writes it:
     * the lone half as a \\u escape, a pair beside it as it is.
     */
    @Test
    void loneSurrogate_isStoredAsAnEscape() {
        assertTextStoredAs("a😀b\ud83d\n", "a😀b\\ud83d\\n");
    }

    private static void assertTextStoredAs(String text, String storedText) {
        Delta delta = Delta.builder().insert(text).build();
        String stored = Rows.json(delta);
        assertEquals("{\"ops\":[{\"insert\":\"" + storedText + "\"}]}", stored);
        assertEquals(delta, Rows.delta(stored));
    }
}
