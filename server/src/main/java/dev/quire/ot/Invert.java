package dev.quire.ot;

/**
 * {@link Delta#invert}: the change that undoes a delta, read off the document it was applied to.
 * Inserts become deletes, deletes re-insert what {@code base} held there, formatting retains
 * restore {@code base}'s attributes.
 */
final class Invert {
    private Invert() {
    }

    static Delta invert(Delta change, Delta base) {
        Delta.Builder inverted = Delta.builder();
        // One forward walk over `base` (quill-delta slices it afresh for every op, same pieces).
        OpIterator baseIter = new OpIterator(base.ops());
        for (Op op : change.ops()) {
            if (op instanceof Op.Insert || op instanceof Op.InsertEmbed) {
                inverted.delete(op.length());
            } else if (op instanceof Op.Retain retain && retain.attributes().isEmpty()) {
                inverted.retain(retain.count());
                skip(baseIter, retain.count());
            } else if (op instanceof Op.Delete delete) {
                for (int left = delete.count(); left > 0 && baseIter.hasNext(); ) {
                    Op baseOp = baseIter.next(left);
                    inverted.push(baseOp);
                    left -= baseOp.length();
                }
            } else if (op instanceof Op.Retain retain) {
                for (int left = retain.count(); left > 0 && baseIter.hasNext(); ) {
                    Op baseOp = baseIter.next(left);
                    inverted.retain(baseOp.length(), AttributeMap.invert(retain.attributes(), baseOp.attributes()));
                    left -= baseOp.length();
                }
            } else {
                Op.RetainEmbed retain = (Op.RetainEmbed) op;
                // quill-delta would ask the embed type's handler to invert the change against the base embed.
                throw EmbedChanges.unsupported(embedOrText(baseIter.next(1)), retain.embed());
            }
        }
        return inverted.chop().build();
    }

    private static void skip(OpIterator iter, int count) {
        for (int left = count; left > 0 && iter.hasNext(); ) {
            left -= iter.next(left).length();
        }
    }

    /** What a base op holds: an {@link Embed}, text, or null (past the end, or not an insert). */
    private static Object embedOrText(Op op) {
        if (op instanceof Op.InsertEmbed insert) {
            return insert.embed();
        }
        return op instanceof Op.Insert insert ? insert.text() : null;
    }
}
