package dev.quire.ot;

/**
 * {@link Delta#transform} and {@link Delta#transformPosition}, with quill-delta's tie-break: when
 * both deltas insert at the same index, the one with priority (it happened first) goes first.
 */
final class Transform {
    private Transform() {
    }

    /** {@code other} rewritten to apply after {@code first}; both were made against the same document. */
    static Delta transform(Delta first, Delta other, boolean priority) {
        OpIterator firstIter = new OpIterator(first.ops());
        OpIterator otherIter = new OpIterator(other.ops());
        Delta.Builder result = Delta.builder();
        while (firstIter.hasNext() || otherIter.hasNext()) {
            if (firstIter.peekIsInsert() && (priority || !otherIter.peekIsInsert())) {
                // `first` inserted here (and wins the tie): `other` must step over that text.
                result.retain(firstIter.next().length());
                continue;
            }
            if (otherIter.peekIsInsert()) {
                result.push(otherIter.next());
                continue;
            }
            int length = Math.min(firstIter.peekLength(), otherIter.peekLength());
            Op a = firstIter.next(length);
            Op b = otherIter.next(length);
            if (a instanceof Op.Delete) {
                // Already gone: `other`'s delete is redundant and its retain has nothing left to keep.
                continue;
            }
            if (b instanceof Op.Delete) {
                result.push(b);
                continue;
            }
            AttributeMap attributes = AttributeMap.transform(a.attributes(), b.attributes(), priority);
            if (b instanceof Op.RetainEmbed change) {
                if (a instanceof Op.RetainEmbed mine && mine.embed().type().equals(change.embed().type())) {
                    // quill-delta would ask the embed type's handler to transform the two changes.
                    throw EmbedChanges.unsupported(mine.embed(), change.embed());
                }
                result.push(new Op.RetainEmbed(change.embed(), attributes));
            } else {
                result.retain(length, attributes);
            }
        }
        return result.chop().build();
    }

    /**
     * Where {@code index} moves once {@code delta} is applied. Deletes before it pull it left (never
     * past the delete's start); inserts before it push it right, and an insert exactly at it does so
     * only without priority.
     */
    static int transformPosition(Delta delta, int index, boolean priority) {
        OpIterator iter = new OpIterator(delta.ops());
        int offset = 0;
        while (iter.hasNext() && offset <= index) {
            int length = iter.peekLength();
            boolean insert = iter.peekIsInsert();
            boolean delete = iter.peekIsDelete();
            iter.next();
            if (delete) {
                index -= Math.min(length, index - offset);
                continue;
            }
            if (insert && (offset < index || !priority)) {
                index += length;
            }
            offset += length;
        }
        return index;
    }
}
