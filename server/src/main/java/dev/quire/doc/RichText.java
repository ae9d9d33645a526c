package dev.quire.doc;

import dev.quire.ot.Delta;
import dev.quire.ot.InvalidDeltaException;

/**
 * The state of one rich-text document: the text with its attributes and embeds, changed in place
 * by Quill deltas. Always a valid Quill document: non-empty and ending with a plain-text {@code "\n"}.
 *
 * <p>{@link #of} gives the implementation for real use, a balanced tree of attributed runs where
 * applying a change costs O(log n) per op of the change plus the size of what it touches.
 * The tests hold a second implementation, a plain list of ops rewritten on every change (O(n) per
 * change), as the reference the tree is tested and benchmarked against.
 *
 * <p>Lengths and positions are UTF-16 code units, as in JavaScript. A change that falls between
 * the two halves of a surrogate pair is applied as quill-delta would apply it (this model does not
 * second-guess the browser); the model itself never cuts a pair when it splits its storage.
 *
 * <p><b>Thread safety.</b> Not thread-safe. The owner (the collaboration hub) calls every method
 * from one thread at a time, with a happens-before edge between calls made from different threads
 * (a lock or a single-threaded executor). Values returned ({@link Delta}, {@link String}) are
 * immutable and may be shared freely.
 */
public interface RichText {
    /**
     * Stands for an embed in {@link #plainText()} (U+FFFC OBJECT REPLACEMENT CHARACTER), so that an
     * index into the plain text is the same index into the document.
     */
    char EMBED_CHAR = '\uFFFC';

    /**
     * A tree-backed document holding {@code document}.
     *
     * @throws InvalidDeltaException if {@code document} has an op other than an insert, or does not
     *     end with a plain-text newline
     */
    static RichText of(Delta document) {
        return new TreeRichText(document);
    }

    /** A tree-backed empty document: a single {@code "\n"}, as Quill starts. */
    static RichText empty() {
        return of(Delta.ofText("\n"));
    }

    /**
     * Applies {@code change}, exactly as {@code document.compose(change)} would: inserts keep their
     * attributes; a retain with attributes composes them onto the text it covers
     * ({@code AttributeMap.compose(existing, retained, false)}: null removes a format).
     *
     * @throws InvalidDeltaException if the change retains or deletes past the end, a
     *     {@code RetainEmbed} does not land on an embed of its type, or the result would not end
     *     with a plain-text newline; the document is then unchanged
     * @throws UnsupportedOperationException if a {@code RetainEmbed} lands on an embed of its type:
     *     changing an embed's content needs an embed handler, which Quire does not have (as
     *     quill-delta without registered handlers); the document is then unchanged
     */
    void apply(Delta change);

    /**
     * Throws what {@link #apply} would throw for {@code change}, changing nothing: whether a change fits, without
     * a copy of the document to try it on.
     */
    void check(Delta change);

    /** The document as a delta in quill-delta's normal form (neighbouring inserts with equal attributes merged). */
    Delta toDelta();

    /** The text, each embed rendered as {@link #EMBED_CHAR}; as long as {@link #length()}. */
    String plainText();

    /** Length in UTF-16 code units, an embed counting 1. */
    int length();

    /**
     * The UTF-16 code unit at {@code index}, {@link #EMBED_CHAR} for an embed: {@code plainText().charAt(index)}
     * without building the text, so that a caller can look at the text around a position of a change (O(log n)
     * on the tree).
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < length()}
     */
    char charAt(int index);
}
