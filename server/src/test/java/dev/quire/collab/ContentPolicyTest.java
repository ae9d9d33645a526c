package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.doc.RichText;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import dev.quire.ot.InvalidDeltaException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentPolicyTest {
    private static final String EMOJI = "\uD83D\uDE00"; // 😀, two UTF-16 units

    private static Delta.Builder change() {
        return Delta.builder();
    }

    private static void assertRefused(Delta change, RichText content, String message) {
        InvalidDeltaException e = assertThrows(InvalidDeltaException.class,
                () -> ContentPolicy.checkChange(change, content));
        assertEquals(message, e.getMessage());
    }

    private static void assertRefused(Delta change, String message) {
        assertRefused(change, RichText.of(Delta.ofText("abc\n")), message);
    }

    private static Embed embed(Map<String, Object> value) {
        return new Embed(value);
    }

    // --- embeds ---

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/a.png", "http://example.com/a", "/relative.gif", "picture.jpeg",
        "data:image/png;base64,iVBORw0KGgo="})
    void imageWithASafeUrl_isAccepted(String url) {
        assertDoesNotThrow(() -> ContentPolicy.checkChange(change().retain(1).insert(Embed.of("image", url),
                AttributeMap.of("width", "20")).build(), RichText.of(Delta.ofText("abc\n"))));
    }

    @Test
    void unknownEmbedType_isRefused_namingTypeAndPosition() {
        assertRefused(change().retain(2).insert(Embed.of("bogus", "x"), AttributeMap.EMPTY).build(),
                "insert at 2: embeds of type \"bogus\" are not supported; the only embed is an image,"
                        + " {\"image\": url}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"constructor", "__proto__", "video", "formula", "toString", "Image"})
    void embedTypesTheEditorCannotShow_areRefused(String type) {
        assertRefused(change().insert(Embed.of(type, "x"), AttributeMap.EMPTY).build(),
                "insert at 0: embeds of type \"" + type + "\" are not supported; the only embed is an image,"
                        + " {\"image\": url}");
    }

    @Test
    void embedWithTwoKeys_isRefused() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("image", "https://example.com/a.png");
        value.put("bogus", "x");
        assertRefused(change().insert(embed(value), AttributeMap.EMPTY).build(),
                "insert at 0: an embed has exactly one key, its type; this one has \"image\", \"bogus\"");
    }

    @Test
    void imageWhoseValueIsNotAString_isRefused() {
        assertRefused(change().insert(Embed.of("image", Map.of("src", "https://x/a.png")), AttributeMap.EMPTY).build(),
                "insert at 0: an image's value must be a URL string, got an object");
        assertRefused(change().insert(Embed.of("image", 5L), AttributeMap.EMPTY).build(),
                "insert at 0: an image's value must be a URL string, got 5");
        assertRefused(change().insert(Embed.of("image", null), AttributeMap.EMPTY).build(),
                "insert at 0: an image's value must be a URL string, got null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:x", "vbscript:x",
        "data:text/html,<script>alert(1)</script>", "data:image/svg+xml;base64,PHN2Zz4=", "file:///etc/passwd", "",
        "  "})
    void imageWithAnUnsafeUrl_isRefused(String url) {
        InvalidDeltaException e = assertThrows(InvalidDeltaException.class, () -> ContentPolicy.checkChange(
                change().insert(Embed.of("image", url), AttributeMap.EMPTY).build(),
                RichText.of(Delta.ofText("\n"))));
        assertEquals(true, e.getMessage().startsWith("insert at 0: image URL "), e.getMessage());
        assertEquals(true, e.getMessage().endsWith(" is not allowed; use http(s), a relative URL or"
                + " data:image/(png|jpeg|gif|webp);base64"), e.getMessage());
    }

    @Test
    void retainsAndDeletesOverAnEmbedAlreadyStored_areNotChecked() {
        // An older document may hold an embed of any type: editing around it, formatting or deleting it stays possible.
        RichText legacy = RichText.of(change().insert("a").insert(Embed.of("bogus", "x"), AttributeMap.EMPTY)
                .insert("b\n").build());
        assertDoesNotThrow(() -> ContentPolicy.checkChange(change().retain(2, AttributeMap.of("bold", true))
                .insert("c").build(), legacy));
        assertDoesNotThrow(() -> ContentPolicy.checkChange(change().retain(1).delete(1).build(), legacy));
    }

    // --- unpaired surrogates ---

    @Test
    void insertWithALoneHighSurrogate_isRefused() {
        assertRefused(change().retain(1).insert("ok\uD83D").build(),
                "insert at 1: the text has an unpaired surrogate U+D83D at offset 2");
    }

    @Test
    void insertWithALoneLowSurrogate_orAReversedPair_isRefused() {
        assertRefused(change().insert("\uDE00x").build(),
                "insert at 0: the text has an unpaired surrogate U+DE00 at offset 0");
        assertRefused(change().insert("\uDE00\uD83D").build(),
                "insert at 0: the text has an unpaired surrogate U+DE00 at offset 0");
    }

    @Test
    void insertOfWholePairs_isAccepted() {
        assertDoesNotThrow(() -> ContentPolicy.checkChange(change().insert(EMOJI + "a" + EMOJI + EMOJI).build(),
                RichText.of(Delta.ofText("\n"))));
    }

    @Test
    void loneSurrogateInAnAttributeValue_name_orNestedValue_isRefused() {
        assertRefused(change().insert("x", AttributeMap.of("link", "https://a/\uD800")).build(),
                "insert at 0: attribute \"link\" holds an unpaired surrogate U+D800");
        assertRefused(change().retain(1, AttributeMap.of("x\uDC00", true)).build(),
                "retain at 0: attribute \"x\\udc00\"'s name holds an unpaired surrogate U+DC00");
        assertRefused(change().insert("x", AttributeMap.of("data", Map.of("list", List.of("ok", "\uD800")))).build(),
                "insert at 0: attribute \"data\" holds an unpaired surrogate U+D800");
    }

    @Test
    void loneSurrogateInAnImageUrl_isRefused() {
        assertRefused(change().insert(Embed.of("image", "https://a/\uD800.png"), AttributeMap.EMPTY).build(),
                "insert at 0: the image URL holds an unpaired surrogate U+D800");
    }

    // --- surrogate pairs of the document ---

    private static RichText withEmoji() {
        return RichText.of(Delta.ofText("a" + EMOJI + "b\n")); // a=0, pair=1..2, b=3, \n=4
    }

    @Test
    void insertBetweenTheHalvesOfAPair_isRefused() {
        assertRefused(change().retain(2).insert("x").build(), withEmoji(),
                "the change has an op boundary at 2, inside the surrogate pair U+D83D U+DE00 at 1;"
                        + " an edit may not split a character");
    }

    @Test
    void deleteOfOneHalf_isRefused() {
        assertRefused(change().retain(1).delete(1).build(), withEmoji(),
                "the change has an op boundary at 2, inside the surrogate pair U+D83D U+DE00 at 1;"
                        + " an edit may not split a character");
        assertRefused(change().retain(2).delete(1).build(), withEmoji(),
                "the change has an op boundary at 2, inside the surrogate pair U+D83D U+DE00 at 1;"
                        + " an edit may not split a character");
    }

    @Test
    void formattingOneHalf_isRefused() {
        assertRefused(change().retain(2, AttributeMap.of("bold", true)).build(), withEmoji(),
                "the change has an op boundary at 2, inside the surrogate pair U+D83D U+DE00 at 1;"
                        + " an edit may not split a character");
    }

    @Test
    void editsAroundAWholePair_areAccepted() {
        RichText doc = withEmoji();
        for (Delta ok : List.of(change().retain(1).insert("x").build(), change().retain(3).insert("x").build(),
                change().retain(1).delete(2).build(), change().retain(1).retain(2, AttributeMap.of("bold", true)).build(),
                change().delete(4).build(), change().retain(3).build())) {
            assertDoesNotThrow(() -> ContentPolicy.checkChange(ok, doc), ok::toString);
        }
    }

    @Test
    void loneSurrogatesAlreadyStored_doNotBlockEditsNextToThem() {
        RichText legacy = RichText.of(Delta.ofText("a\uD83Db\uDE00\n"));
        for (int pos = 0; pos <= 4; pos++) {
            Delta insert = pos == 0 ? change().insert("x").build() : change().retain(pos).insert("x").build();
            assertDoesNotThrow(() -> ContentPolicy.checkChange(insert, legacy), insert::toString);
        }
    }

    @Test
    void boundaryPastTheEnd_isLeftToTheDocumentsOwnCheck() {
        assertDoesNotThrow(() -> ContentPolicy.checkChange(change().retain(40).insert("x").build(), withEmoji()));
    }

    // --- new documents ---

    @Test
    void newDocument_isCheckedInsertByInsert_positionsInIt() {
        assertDoesNotThrow(() -> ContentPolicy.checkDocument(change().insert("a" + EMOJI)
                .insert(Embed.of("image", "https://x/a.png"), AttributeMap.EMPTY).insert("\n").build()));
        InvalidDeltaException e = assertThrows(InvalidDeltaException.class, () -> ContentPolicy.checkDocument(
                change().insert("ab").insert(Embed.of("constructor", "x"), AttributeMap.EMPTY).insert("\n").build()));
        assertEquals("insert at 2: embeds of type \"constructor\" are not supported; the only embed is an image,"
                + " {\"image\": url}", e.getMessage());
        e = assertThrows(InvalidDeltaException.class, () -> ContentPolicy.checkDocument(Delta.ofText("ab\uDBFF\n")));
        assertEquals("insert at 0: the text has an unpaired surrogate U+DBFF at offset 2", e.getMessage());
    }
}
