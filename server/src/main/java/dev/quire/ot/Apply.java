package dev.quire.ot;

import java.util.List;

/**
 * {@link Delta#applyTo}: a change checked against the document before it is composed, so a delta
 * that does not fit is refused with a message saying why instead of being silently truncated or
 * padded (quill-delta's compose would do either).
 */
final class Apply {
    private Apply() {
    }

    static Delta apply(Delta change, Delta document) {
        checkDocument(document);
        int documentLength = document.length();
        int baseLength = change.baseLength();
        if (baseLength > documentLength) {
            throw new InvalidDeltaException("delta retains/deletes " + baseLength
                    + " characters but the document has " + documentLength);
        }
        checkEmbedChanges(change, document);
        Delta result = document.compose(change);
        if (!endsWithNewline(result.ops())) {
            throw new InvalidDeltaException("delta would remove the document's final newline");
        }
        return result;
    }

    private static void checkDocument(Delta document) {
        List<Op> ops = document.ops();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (!(op instanceof Op.Insert || op instanceof Op.InsertEmbed)) {
                throw new InvalidDeltaException("not a document: op " + i + " is a "
                        + op.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ", not an insert");
            }
        }
        if (!endsWithNewline(ops)) {
            throw new InvalidDeltaException("not a document: it must end with a newline (\\n)");
        }
    }

    /** Every embed change must land on an embed of its own type (and then fails for want of a handler). */
    private static void checkEmbedChanges(Delta change, Delta document) {
        OpIterator documentIter = null;
        int index = 0;
        int documentIndex = 0;
        for (Op op : change.ops()) {
            if (op instanceof Op.Insert || op instanceof Op.InsertEmbed) {
                continue;
            }
            if (op instanceof Op.RetainEmbed retain) {
                if (documentIter == null) {
                    documentIter = new OpIterator(document.ops());
                }
                while (documentIndex < index) {
                    documentIndex += documentIter.next(index - documentIndex).length();
                }
                Op target = documentIter.next(1);
                documentIndex += 1;
                if (!(target instanceof Op.InsertEmbed embed)) {
                    throw new InvalidDeltaException("delta retains an embed change of type " + retain.embed().type()
                            + " at index " + index + " but the document has text there");
                }
                throw EmbedChanges.unsupported(embed.embed(), retain.embed());
            }
            index += op.length();
        }
    }

    private static boolean endsWithNewline(List<Op> ops) {
        return !ops.isEmpty() && ops.get(ops.size() - 1) instanceof Op.Insert last && last.text().endsWith("\n");
    }
}
