package dev.quire.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import dev.quire.ot.InvalidDeltaException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RichText} must have; each implementation's test extends this class.
 * Expected documents are written out by hand (what quill-delta's compose gives), not computed.
 */
abstract class RichTextContractTest {
    static final AttributeMap BOLD = AttributeMap.of("bold", true);
    static final AttributeMap ITALIC = AttributeMap.of("italic", true);
    static final AttributeMap BOLD_ITALIC = AttributeMap.of("bold", true, "italic", true);
    static final Embed IMAGE = Embed.of("image", "https://example.com/a.png");

    abstract RichText create(Delta document);

    RichText text(String text) {
        return create(Delta.ofText(text));
    }

    static Delta.Builder change() {
        return Delta.builder();
    }

    @Test
    void insert_atStart_prependsText() {
        RichText doc = text("world\n");
        apply(doc, change().insert("hello ").build());
        assertEquals(Delta.ofText("hello world\n"), doc.toDelta());
        assertEquals("hello world\n", doc.plainText());
        assertEquals(12, doc.length());
    }

    @Test
    void insert_inMiddle_splitsNothingWhenAttributesMatch() {
        RichText doc = text("hed\n");
        apply(doc, change().retain(2).insert("llo worl").build());
        assertEquals(Delta.ofText("hello world\n"), doc.toDelta());
    }

    @Test
    void insert_atEndBeforeFinalNewline_appends() {
        RichText doc = text("abc\n");
        apply(doc, change().retain(3).insert("d").build());
        assertEquals("abcd\n", doc.plainText());
    }

    @Test
    void insert_withAttributes_keepsThemAndSplitsTheRun() {
        RichText doc = text("ac\n");
        apply(doc, change().retain(1).insert("b", BOLD).build());
        assertEquals(change().insert("a").insert("b", BOLD).insert("c\n").build(), doc.toDelta());
    }

    @Test
    void insert_withNullAttribute_keepsTheNullAsQuillDeltaDoes() {
        RichText doc = text("a\n");
        AttributeMap boldNull = AttributeMap.of("bold", null);
        apply(doc, change().insert("x", boldNull).build());
        assertEquals(change().insert("x", boldNull).insert("a\n").build(), doc.toDelta());
    }

    @Test
    void insert_nextToRunWithEqualAttributes_mergesIntoIt() {
        RichText doc = create(change().insert("ab", BOLD).insert("c\n").build());
        apply(doc, change().retain(2).insert("X", BOLD).build());
        apply(doc, change().insert("Y", BOLD).build());
        assertEquals(change().insert("YabX", BOLD).insert("c\n").build(), doc.toDelta());
    }

    @Test
    void delete_spanningRuns_removesAndMergesTheNeighbours() {
        RichText doc = create(change().insert("ab").insert("cd", BOLD).insert("ef", ITALIC).insert("gh\n").build());
        apply(doc, change().retain(1).delete(6).build());
        assertEquals(Delta.ofText("ah\n"), doc.toDelta());
        assertEquals(3, doc.length());
    }

    @Test
    void delete_partOfRuns_keepsTheirEnds() {
        RichText doc = create(change().insert("ab").insert("cd", BOLD).insert("ef\n").build());
        apply(doc, change().retain(1).delete(2).build());
        assertEquals(change().insert("a").insert("d", BOLD).insert("ef\n").build(), doc.toDelta());
    }

    @Test
    void format_range_splitsRunsAtBothEnds() {
        RichText doc = text("hello world\n");
        apply(doc, change().retain(3).retain(5, BOLD).build());
        assertEquals(change().insert("hel").insert("lo wo", BOLD).insert("rld\n").build(), doc.toDelta());
    }

    @Test
    void format_overlappingRange_composesWithExistingAttributes() {
        RichText doc = create(change().insert("abcd", BOLD).insert("\n").build());
        apply(doc, change().retain(2).retain(3, ITALIC).build());
        assertEquals(change().insert("ab", BOLD).insert("cd", BOLD_ITALIC).insert("\n", ITALIC).build(),
                doc.toDelta());
    }

    @Test
    void format_nullValue_removesTheFormatAndMergesRuns() {
        RichText doc = create(change().insert("ab").insert("cd", BOLD).insert("ef\n").build());
        apply(doc, change().retain(2).retain(2, AttributeMap.of("bold", null)).build());
        assertEquals(Delta.ofText("abcdef\n"), doc.toDelta());
    }

    @Test
    void format_finalNewline_isAllowed() {
        RichText doc = text("Title\n");
        apply(doc, change().retain(5).retain(1, AttributeMap.of("header", 1)).build());
        assertEquals(change().insert("Title").insert("\n", AttributeMap.of("header", 1)).build(), doc.toDelta());
    }

    @Test
    void embed_insert_countsOneAndShowsAsPlaceholder() {
        RichText doc = text("ab\n");
        apply(doc, change().retain(1).insert(IMAGE, AttributeMap.EMPTY).insert(IMAGE, AttributeMap.EMPTY).build());
        assertEquals(change().insert("a").insert(IMAGE, AttributeMap.EMPTY).insert(IMAGE, AttributeMap.EMPTY)
                .insert("b\n").build(), doc.toDelta());
        assertEquals("a" + RichText.EMBED_CHAR + RichText.EMBED_CHAR + "b\n", doc.plainText());
        assertEquals(5, doc.length());
    }

    @Test
    void embed_formatAndDelete_workLikeText() {
        RichText doc = create(change().insert("a").insert(IMAGE, AttributeMap.EMPTY).insert("b\n").build());
        apply(doc, change().retain(1).retain(1, AttributeMap.of("width", "50")).build());
        assertEquals(change().insert("a").insert(IMAGE, AttributeMap.of("width", "50")).insert("b\n").build(),
                doc.toDelta());
        apply(doc, change().retain(1).delete(1).build());
        assertEquals(Delta.ofText("ab\n"), doc.toDelta());
    }

    @Test
    void surrogatePairs_insertedFormattedDeleted_stayWhole() {
        String grin = "\uD83D\uDE00";
        RichText doc = text("a" + grin + "b\n");
        apply(doc, change().retain(1).retain(2, BOLD).build());
        assertEquals(change().insert("a").insert(grin, BOLD).insert("b\n").build(), doc.toDelta());
        apply(doc, change().retain(3).insert(grin + grin).build());
        assertEquals("a" + grin + grin + grin + "b\n", doc.plainText());
        apply(doc, change().retain(1).delete(2).build());
        assertEquals(Delta.ofText("a" + grin + grin + "b\n"), doc.toDelta());
    }

    @Test
    void empty_isOneNewline() {
        assertEquals(Delta.ofText("\n"), RichText.empty().toDelta());
    }

    /**
     * Applies {@code change} and checks the result against {@code Delta.applyTo} (quill-delta's
     * compose with applyTo's checks), the independent reference.
     */
    static void apply(RichText doc, Delta change) {
        Delta expected = change.applyTo(doc.toDelta());
        doc.apply(change);
        assertEquals(expected, doc.toDelta(), "differs from Delta.applyTo");
    }

    // --- rejections: precise message, document unchanged, and Delta.applyTo rejects them too ---

    private void assertRejected(RichText doc, Delta change, String message) {
        assertRejected(doc, change, InvalidDeltaException.class, message);
    }

    private void assertRejected(RichText doc, Delta change, Class<? extends RuntimeException> type, String message) {
        Delta before = doc.toDelta();
        assertThrows(type, () -> change.applyTo(before), "Delta.applyTo accepts it");
        RuntimeException e = assertThrows(type, () -> doc.apply(change));
        assertEquals(message, e.getMessage());
        assertEquals(before, doc.toDelta());
        assertEquals(before.length(), doc.length());
        // Still usable after a rejection.
        apply(doc, change().insert("z").build());
        assertEquals("z" + plain(before), doc.plainText());
    }

    private static String plain(Delta document) {
        StringBuilder text = new StringBuilder();
        Consumer<dev.quire.ot.Op> add = op -> text.append(op instanceof dev.quire.ot.Op.Insert i ? i.text()
                : String.valueOf(RichText.EMBED_CHAR));
        document.ops().forEach(add);
        return text.toString();
    }

    @Test
    void reject_retainPastEnd() {
        assertRejected(text("abc\n"), change().retain(2).retain(3, BOLD).build(),
                "retain(3) at 2 goes past the end of the document (length 4)");
    }

    @Test
    void reject_deletePastEnd_evenAfterFormattingEarlierText() {
        assertRejected(text("abc\n"), change().retain(1, BOLD).delete(4).build(),
                "delete(4) at 1 goes past the end of the document (length 4)");
    }

    @Test
    void reject_deleteOfFinalNewline() {
        assertRejected(text("abc\n"), change().retain(3).delete(1).build(),
                "the change would remove the document's final newline");
    }

    @Test
    void reject_deleteOfEverything() {
        assertRejected(text("abc\n"), change().delete(4).build(),
                "the change would remove the document's final newline");
    }

    @Test
    void reject_insertAfterFinalNewline() {
        assertRejected(text("abc\n"), change().retain(4).insert("x").build(),
                "the change would remove the document's final newline");
    }

    @Test
    void reject_embedAfterFinalNewline() {
        assertRejected(text("abc\n"), change().retain(4).insert(IMAGE, AttributeMap.EMPTY).build(),
                "the change would remove the document's final newline");
    }

    @Test
    void reject_deleteUpToEnd_leavingAnEmbedLast() {
        RichText doc = create(change().insert("a").insert(IMAGE, AttributeMap.EMPTY).insert("\n").build());
        assertRejected(doc, change().retain(2).delete(1).build(),
                "the change would remove the document's final newline");
    }

    @Test
    void accept_deleteUpToEnd_whenAnEarlierNewlineBecomesLast() {
        RichText doc = text("a\nb\n");
        apply(doc, change().retain(2).delete(2).build());
        assertEquals(Delta.ofText("a\n"), doc.toDelta());
    }

    @Test
    void accept_finalNewlineReplacedByAnInsertedOne() {
        RichText doc = text("ab\n");
        apply(doc, change().retain(2).delete(1).insert("\n", AttributeMap.of("header", 2)).build());
        assertEquals(change().insert("ab").insert("\n", AttributeMap.of("header", 2)).build(), doc.toDelta());
    }

    @Test
    void reject_retainEmbedOnText() {
        assertRejected(text("abc\n"), change().retain(1).retain(IMAGE, AttributeMap.EMPTY).build(),
                "retain of an embed at 1 lands on text, not on an embed");
    }

    @Test
    void reject_retainEmbedPastEnd() {
        assertRejected(text("abc\n"), change().retain(4).retain(IMAGE, AttributeMap.EMPTY).build(),
                "retain of an embed at 4 goes past the end of the document (length 4)");
    }

    @Test
    void reject_retainEmbedOfOtherType() {
        RichText doc = create(change().insert(IMAGE, AttributeMap.EMPTY).insert("\n").build());
        assertRejected(doc, change().retain(Embed.of("video", "v"), AttributeMap.EMPTY).build(),
                "retain of a 'video' embed at 0 lands on a 'image' embed");
    }

    @Test
    void reject_retainEmbedOnMatchingEmbed_needsAHandler() {
        RichText doc = create(change().insert("x").insert(IMAGE, AttributeMap.EMPTY).insert("\n").build());
        assertRejected(doc, change().retain(1).retain(IMAGE, AttributeMap.of("alt", "a")).build(),
                UnsupportedOperationException.class,
                "cannot change the content of the 'image' embed at 1: no embed handler");
    }

    @Test
    void reject_lengthIsCheckedBeforeEmbedChanges_asApplyToDoes() {
        RichText doc = create(change().insert(IMAGE, AttributeMap.EMPTY).insert("\n").build());
        assertRejected(doc, change().retain(IMAGE, AttributeMap.EMPTY).delete(5).build(),
                "delete(5) at 1 goes past the end of the document (length 2)");
    }

    @Test
    void reject_afterEarlierValidOps_leavesThoseUnapplied() {
        assertRejected(text("abc\n"), change().insert("x").retain(1, BOLD).delete(1).retain(9).build(),
                "retain(9) at 2 goes past the end of the document (length 4)");
    }

    @Test
    void charAt_isThePlainTextsUnit_anEmbedBeingTheReplacementCharacter() {
        RichText doc = create(change().insert("a\uD83D\uDE00", BOLD).insert(IMAGE, AttributeMap.EMPTY).insert("b\n")
                .build());
        apply(doc, change().retain(3).insert("c").build());
        String plain = doc.plainText();
        for (int i = 0; i < doc.length(); i++) {
            assertEquals(plain.charAt(i), doc.charAt(i), "at " + i);
        }
        assertEquals(RichText.EMBED_CHAR, doc.charAt(4));
        assertThrows(IndexOutOfBoundsException.class, () -> doc.charAt(doc.length()));
        assertThrows(IndexOutOfBoundsException.class, () -> doc.charAt(-1));
    }

    @Test
    void of_changeInsteadOfDocument_isRejected() {
        InvalidDeltaException e = assertThrows(InvalidDeltaException.class,
                () -> create(change().retain(1).insert("a\n").build()));
        assertEquals("not a document (it has ops other than inserts): Delta[Retain[count=1, attributes={}], "
                + "Insert[text=a\n, attributes={}]]", e.getMessage());
    }

    @Test
    void of_documentWithoutFinalNewline_isRejected() {
        InvalidDeltaException e = assertThrows(InvalidDeltaException.class, () -> text("abc"));
        assertEquals("a document must end with a newline", e.getMessage());
        assertThrows(InvalidDeltaException.class, () -> create(Delta.empty()));
    }
}
