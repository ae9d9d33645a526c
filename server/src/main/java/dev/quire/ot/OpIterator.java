package dev.quire.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks the ops of a delta in pieces of a requested length, as quill-delta's {@code OpIterator}
 * does: the algebra consumes two deltas in lock step, splitting ops where the other side's ops end.
 *
 * <p>Past the last op the iterator behaves as an endless plain retain ({@link #END}), which is
 * what lets compose and transform treat a shorter delta as "keep the rest". Not thread-safe.
 */
final class OpIterator {
    /** Stands for "no more ops": quill-delta's {@code {retain: Infinity}}. Never pushed into a result. */
    static final Op.Retain END = new Op.Retain(Integer.MAX_VALUE, AttributeMap.EMPTY);

    private final List<Op> ops;
    private int index;
    private int offset;

    OpIterator(List<Op> ops) {
        this.ops = ops;
    }

    boolean hasNext() {
        return index < ops.size();
    }

    /** The op under the cursor, whole (ignoring how much of it was consumed), or null at the end. */
    Op peek() {
        return index < ops.size() ? ops.get(index) : null;
    }

    /** What remains of the current op; {@link Integer#MAX_VALUE} at the end. */
    int peekLength() {
        return index < ops.size() ? ops.get(index).length() - offset : Integer.MAX_VALUE;
    }

    boolean peekIsInsert() {
        Op op = peek();
        return op instanceof Op.Insert || op instanceof Op.InsertEmbed;
    }

    boolean peekIsDelete() {
        return peek() instanceof Op.Delete;
    }

    /** The rest of the current op. */
    Op next() {
        return next(Integer.MAX_VALUE);
    }

    /**
     * Up to {@code length} (&gt; 0) items from the current op, keeping its kind and attributes;
     * {@link #END} when exhausted. An embed (length 1) is always returned whole.
     */
    Op next(int length) {
        if (index >= ops.size()) {
            return END;
        }
        Op op = ops.get(index);
        int start = offset;
        int available = op.length() - start;
        int taken;
        if (length >= available) {
            taken = available;
            index++;
            offset = 0;
        } else {
            taken = length;
            offset += length;
        }
        if (start == 0 && taken == op.length()) {
            return op;
        }
        // Only multi-item ops can be split: text inserts, numeric retains and deletes.
        if (op instanceof Op.Insert insert) {
            return new Op.Insert(insert.text().substring(start, start + taken), insert.attributes());
        }
        if (op instanceof Op.Retain retain) {
            return new Op.Retain(taken, retain.attributes());
        }
        return new Op.Delete(taken);
    }

    /** The remaining ops (the current one cut at the cursor), without moving the cursor. */
    List<Op> rest() {
        if (index >= ops.size()) {
            return List.of();
        }
        if (offset == 0) {
            return ops.subList(index, ops.size());
        }
        int savedIndex = index;
        int savedOffset = offset;
        List<Op> rest = new ArrayList<>(ops.size() - index);
        rest.add(next());
        rest.addAll(ops.subList(index, ops.size()));
        index = savedIndex;
        offset = savedOffset;
        return rest;
    }
}
