package dev.quire.ot;

import static dev.quire.ot.Deltas.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cases of quill-delta's AttributeMap tests; {@link AttributeMap#EMPTY} stands for its undefined. */
class AttributeMapTest {
    private static final AttributeMap EMPTY = AttributeMap.EMPTY;
    private static final AttributeMap FORMAT = attrs("bold", true, "color", "red");

    @Test
    void compose_withEmpty_other() {
        assertEquals(FORMAT, AttributeMap.compose(EMPTY, FORMAT, false));
        assertEquals(FORMAT, AttributeMap.compose(FORMAT, EMPTY, false));
        assertSame(EMPTY, AttributeMap.compose(EMPTY, EMPTY, false));
    }

    @Test
    void compose_newKeyOrChangedValue_overlaid() {
        assertEquals(attrs("bold", true, "italic", true, "color", "red"), AttributeMap.compose(FORMAT, attrs("italic", true), false));
        assertEquals(attrs("bold", false, "color", "blue"), AttributeMap.compose(FORMAT, attrs("bold", false, "color", "blue"), false));
    }

    @Test
    void compose_nullValue_removesKeyUnlessKeepNull() {
        assertEquals(attrs("color", "red"), AttributeMap.compose(FORMAT, attrs("bold", null), false));
        assertSame(EMPTY, AttributeMap.compose(FORMAT, attrs("bold", null, "color", null), false));
        assertEquals(FORMAT, AttributeMap.compose(FORMAT, attrs("italic", null), false));
        assertEquals(attrs("bold", null, "color", "red"), AttributeMap.compose(FORMAT, attrs("bold", null), true));
    }

    @Test
    void compose_nullInFirst_kept() {
        assertEquals(attrs("bold", null, "italic", true), AttributeMap.compose(attrs("bold", null), attrs("italic", true), false));
    }

    @Test
    void diff_againstEmpty_allKeys() {
        assertEquals(FORMAT, AttributeMap.diff(EMPTY, FORMAT));
        assertEquals(attrs("bold", null, "color", null), AttributeMap.diff(FORMAT, EMPTY));
    }

    @Test
    void diff_sameOrDeepEqual_empty() {
        assertSame(EMPTY, AttributeMap.diff(FORMAT, attrs("color", "red", "bold", true)));
        assertSame(EMPTY, AttributeMap.diff(attrs("f", Map.of("a", 1, "b", List.of(1.0))), attrs("f", Map.of("b", List.of(1), "a", 1L))));
    }

    @Test
    void diff_changes_onlyChangedKeys() {
        assertEquals(attrs("italic", true), AttributeMap.diff(FORMAT, attrs("bold", true, "italic", true, "color", "red")));
        assertEquals(attrs("color", null), AttributeMap.diff(FORMAT, attrs("bold", true)));
        assertEquals(attrs("color", "blue"), AttributeMap.diff(FORMAT, attrs("bold", true, "color", "blue")));
    }

    @Test
    void diff_nullVersusAbsent_different() {
        assertEquals(attrs("bold", null), AttributeMap.diff(attrs("bold", null), EMPTY));
        assertEquals(attrs("bold", null), AttributeMap.diff(EMPTY, attrs("bold", null)));
    }

    @Test
    void invert_cases_restoreBase() {
        assertSame(EMPTY, AttributeMap.invert(EMPTY, attrs("italic", true)));
        assertEquals(attrs("bold", null), AttributeMap.invert(attrs("bold", true), attrs("italic", true)));
        assertEquals(attrs("bold", true), AttributeMap.invert(attrs("bold", null), attrs("bold", true)));
        assertEquals(attrs("color", "blue"), AttributeMap.invert(attrs("color", "red"), attrs("color", "blue")));
        assertSame(EMPTY, AttributeMap.invert(attrs("color", "red"), attrs("color", "red")));
        assertEquals(attrs("bold", null, "italic", false, "color", "blue"), AttributeMap.invert(
                attrs("bold", true, "italic", true, "color", "red", "size", "12px"),
                attrs("italic", false, "color", "blue", "size", "12px")));
    }

    @Test
    void invert_equalObjectValues_stillRestoredAsJavaScriptComparesReferences() {
        Map<String, Object> font = Map.of("family", "serif");
        assertEquals(attrs("font", font), AttributeMap.invert(attrs("font", font), attrs("font", font)));
    }

    @Test
    void transform_cases_priorityKeepsFirstKeys() {
        AttributeMap left = attrs("bold", true, "color", "red", "font", null);
        AttributeMap right = attrs("color", "blue", "font", "serif", "italic", true);
        assertEquals(left, AttributeMap.transform(EMPTY, left, false));
        assertSame(EMPTY, AttributeMap.transform(left, EMPTY, false));
        assertEquals(right, AttributeMap.transform(left, right, false));
        assertEquals(attrs("italic", true), AttributeMap.transform(left, right, true));
    }

    @Test
    void of_numbers_normalisedSoIntegralValuesCompareEqual() {
        assertEquals(attrs("size", 1), attrs("size", 1.0));
        assertEquals(attrs("size", 1L).hashCode(), attrs("size", 1.0).hashCode());
        assertFalse(attrs("size", 1).equals(attrs("size", 1.5)));
    }

    @Test
    void nullVersusAbsent_distinct() {
        AttributeMap removal = attrs("bold", null);
        assertTrue(removal.containsKey("bold"));
        assertFalse(removal.isEmpty());
        assertFalse(removal.equals(EMPTY));
    }
}
