package dev.quire.doc;

import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import dev.quire.ot.InvalidDeltaException;
import dev.quire.ot.Op;

/**
 * The reasons a change or a document is refused, worded once so that every implementation of
 * {@link RichText} reports the same message. Positions are indices in the document as it was
 * before the change.
 */
final class Rejections {
    private Rejections() {
    }

    static InvalidDeltaException retainPastEnd(int pos, int count, int length) {
        return new InvalidDeltaException(
                "retain(" + count + ") at " + pos + " goes past the end of the document (length " + length + ")");
    }

    static InvalidDeltaException deletePastEnd(int pos, int count, int length) {
        return new InvalidDeltaException(
                "delete(" + count + ") at " + pos + " goes past the end of the document (length " + length + ")");
    }

    static InvalidDeltaException embedRetainPastEnd(int pos, int length) {
        return new InvalidDeltaException(
                "retain of an embed at " + pos + " goes past the end of the document (length " + length + ")");
    }

    static InvalidDeltaException embedRetainOnText(int pos) {
        return new InvalidDeltaException("retain of an embed at " + pos + " lands on text, not on an embed");
    }

    /**
     * Checks a {@code RetainEmbed} at {@code pos} against what the document has there
     * ({@code found}: null for text). It never succeeds: either it does not fit, or it fits and
     * would need an embed handler.
     */
    static RuntimeException embedRetain(int pos, Embed found, Op.RetainEmbed retain) {
        if (found == null) {
            return embedRetainOnText(pos);
        }
        if (!found.type().equals(retain.embed().type())) {
            return new InvalidDeltaException("retain of a '" + retain.embed().type() + "' embed at " + pos
                    + " lands on a '" + found.type() + "' embed");
        }
        return new UnsupportedOperationException(
                "cannot change the content of the '" + found.type() + "' embed at " + pos + ": no embed handler");
    }

    /**
     * Checks that {@code change} retains and deletes no further than {@code length}, reporting the
     * first op that does. Runs before any other check, as {@code Delta.applyTo} does, so that every
     * implementation rejects a change with several faults for the same reason.
     *
     * @return whether the change holds a {@code RetainEmbed} (which then needs checking against the document)
     */
    static boolean checkLength(Delta change, int length) {
        int pos = 0;
        boolean embedChange = false;
        for (Op op : change.ops()) {
            if (op instanceof Op.Insert || op instanceof Op.InsertEmbed) {
                continue;
            }
            int count = op.length();
            if (count > length - pos) {
                throw op instanceof Op.Retain ? retainPastEnd(pos, count, length)
                        : op instanceof Op.Delete ? deletePastEnd(pos, count, length)
                        : embedRetainPastEnd(pos, length);
            }
            embedChange |= op instanceof Op.RetainEmbed;
            pos += count;
        }
        return embedChange;
    }

    static InvalidDeltaException removesFinalNewline() {
        return new InvalidDeltaException("the change would remove the document's final newline");
    }

    /** Checks that {@code document} is made of inserts and ends with a plain-text newline. */
    static void checkDocument(Delta document) {
        if (!document.isDocument()) {
            throw new InvalidDeltaException("not a document (it has ops other than inserts): " + document);
        }
        var ops = document.ops();
        if (ops.isEmpty() || !(ops.get(ops.size() - 1) instanceof Op.Insert last) || !last.text().endsWith("\n")) {
            throw new InvalidDeltaException("a document must end with a newline");
        }
    }
}
