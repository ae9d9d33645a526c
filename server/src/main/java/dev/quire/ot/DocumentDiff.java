package dev.quire.ot;

import java.util.List;

/**
 * {@link Delta#diff}: the change between two documents. As in quill-delta, both documents become
 * strings (an embed as U+0000), {@link TextDiff} finds the character edits, and a walk over both
 * documents turns equal stretches into retains carrying the attribute differences.
 */
final class DocumentDiff {
    /** Stands for an embed in the diffed strings; a real U+0000 in text is told apart in the walk. */
    private static final char EMBED_CHARACTER = '\u0000';

    private DocumentDiff() {
    }

    static Delta diff(Delta from, Delta to, DiffBudget budget) {
        if (from == to || from.ops() == to.ops()) {
            return Delta.empty();
        }
        String fromText = text(from, "with");
        String toText = text(to, "on");
        List<TextDiff.Edit> edits = TextDiff.diff(fromText, toText, budget);

        OpIterator fromIter = new OpIterator(from.ops());
        OpIterator toIter = new OpIterator(to.ops());
        Delta.Builder result = Delta.builder();
        for (TextDiff.Edit edit : edits) {
            int left = edit.text().length();
            while (left > 0) {
                int length;
                switch (edit.kind()) {
                    case INSERT -> {
                        length = Math.min(toIter.peekLength(), left);
                        result.push(toIter.next(length));
                    }
                    case DELETE -> {
                        length = Math.min(fromIter.peekLength(), left);
                        fromIter.next(length);
                        result.delete(length);
                    }
                    default -> {
                        length = Math.min(Math.min(fromIter.peekLength(), toIter.peekLength()), left);
                        Op was = fromIter.next(length);
                        Op now = toIter.next(length);
                        if (sameContent(was, now)) {
                            result.retain(length, AttributeMap.diff(was.attributes(), now.attributes()));
                        } else {
                            // Equal as characters only: an embed against another embed, or against a real U+0000.
                            result.push(now).delete(length);
                        }
                    }
                }
                left -= length;
            }
        }
        return result.chop().build();
    }

    private static boolean sameContent(Op a, Op b) {
        if (a instanceof Op.Insert x && b instanceof Op.Insert y) {
            return x.text().equals(y.text());
        }
        return a instanceof Op.InsertEmbed x && b instanceof Op.InsertEmbed y && x.embed().equals(y.embed());
    }

    /** The document as a string; {@code role} names it in quill-delta's words ("with" this, "on" other). */
    private static String text(Delta document, String role) {
        int length = 0;
        for (Op op : document.ops()) {
            if (!(op instanceof Op.Insert || op instanceof Op.InsertEmbed)) {
                throw new IllegalArgumentException("diff() called " + role + " non-document");
            }
            length += op.length();
        }
        StringBuilder text = new StringBuilder(length);
        for (Op op : document.ops()) {
            if (op instanceof Op.Insert insert) {
                text.append(insert.text());
            } else {
                text.append(EMBED_CHARACTER);
            }
        }
        return text.toString();
    }
}
