package dev.quire.ot;

import java.util.List;

/**
 * {@link Delta#compose}: one delta with the effect of {@code first} then {@code second}.
 *
 * <p>The result must equal quill-delta's to the op, including two behaviours that are shortcuts
 * there but visible in the output: leading inserts of {@code first} skipped by an opening plain
 * retain keep their attributes untouched, and once {@code second} is used up the rest of
 * {@code first} is appended as it is (so null attribute values in its inserts survive).
 */
final class Compose {
    private Compose() {
    }

    static Delta compose(Delta first, Delta second) {
        OpIterator firstIter = new OpIterator(first.ops());
        OpIterator secondIter = new OpIterator(second.ops());
        Delta.Builder result = Delta.builder();

        // An opening plain retain in `second` leaves whole leading inserts of `first` as they are.
        if (secondIter.peek() instanceof Op.Retain opening && opening.attributes().isEmpty()) {
            int left = opening.count();
            while (firstIter.peekIsInsert() && firstIter.peekLength() <= left) {
                left -= firstIter.peekLength();
                result.push(firstIter.next());
            }
            if (opening.count() - left > 0) {
                secondIter.next(opening.count() - left);
            }
        }

        while (firstIter.hasNext() || secondIter.hasNext()) {
            if (secondIter.peekIsInsert()) {
                result.push(secondIter.next());
                continue;
            }
            if (firstIter.peekIsDelete()) {
                result.push(firstIter.next());
                continue;
            }
            int length = Math.min(firstIter.peekLength(), secondIter.peekLength());
            Op a = firstIter.next(length);
            Op b = secondIter.next(length);
            if (b instanceof Op.Delete) {
                // A deleted insert of `first` simply vanishes; a deleted retained item is deleted.
                if (a instanceof Op.Retain || a instanceof Op.RetainEmbed) {
                    result.push(b);
                }
                continue;
            }
            Op composed = composeRetained(a, b, length);
            boolean appended = result.pushOp(composed);
            if (appended && !secondIter.hasNext()) {
                // `second` keeps everything after this point: take the rest of `first` verbatim.
                return appendRest(result, firstIter.rest());
            }
        }
        return result.chop().build();
    }

    /** quill-delta's {@code concat}: only the first op of the rest may merge into the result. */
    private static Delta appendRest(Delta.Builder result, List<Op> rest) {
        if (!rest.isEmpty()) {
            result.push(rest.get(0));
            result.appendUnmerged(rest.subList(1, rest.size()));
        }
        return result.chop().build();
    }

    /** {@code a} (an insert or retain of {@code first}) changed by {@code b} (a retain of {@code second}) of the same length. */
    private static Op composeRetained(Op a, Op b, int length) {
        boolean aIsRetain = a instanceof Op.Retain;
        // Null values are kept while the result is still a change (a retain) and dropped on an insert.
        AttributeMap attributes = AttributeMap.compose(a.attributes(), b.attributes(), aIsRetain);
        if (b instanceof Op.RetainEmbed change) {
            if (aIsRetain) {
                return new Op.RetainEmbed(change.embed(), attributes);
            }
            throw EmbedChanges.unsupported(embedOrText(a), change.embed());
        }
        if (aIsRetain) {
            return new Op.Retain(length, attributes);
        }
        if (a instanceof Op.Insert insert) {
            return new Op.Insert(insert.text(), attributes);
        }
        if (a instanceof Op.InsertEmbed insert) {
            return new Op.InsertEmbed(insert.embed(), attributes);
        }
        return new Op.RetainEmbed(((Op.RetainEmbed) a).embed(), attributes);
    }

    private static Object embedOrText(Op op) {
        if (op instanceof Op.InsertEmbed insert) {
            return insert.embed();
        }
        if (op instanceof Op.RetainEmbed retain) {
            return retain.embed();
        }
        return op instanceof Op.Insert insert ? insert.text() : null;
    }
}
