package dev.quire.ot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Quill Delta: an immutable list of {@link Op}s in quill-delta's normal form (neighbours with
 * equal attributes merged, an insert placed before an adjacent delete). A delta made only of
 * inserts is a <em>document</em>; otherwise it is a change to one.
 *
 * <p>Every operation returns a new delta and gives exactly the result of quill-delta 5.1.0.
 */
public final class Delta {
    private static final Delta EMPTY = new Delta(Collections.emptyList());

    private final List<Op> ops;

    private Delta(List<Op> ops) {
        this.ops = ops;
    }

    public static Delta empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The delta of {@code ops} pushed one by one (merged into normal form; a trailing retain is kept, as in quill-delta). */
    public static Delta of(List<? extends Op> ops) {
        Builder builder = new Builder();
        ops.forEach(builder::push);
        return builder.build();
    }

    /** A document holding {@code text} without attributes. */
    public static Delta ofText(String text) {
        return builder().insert(text).build();
    }

    /** The ops, unmodifiable. */
    public List<Op> ops() {
        return ops;
    }

    /** Sum of the lengths of all ops (quill-delta's {@code length()}). */
    public int length() {
        int length = 0;
        for (Op op : ops) {
            length += op.length();
        }
        return length;
    }

    /** How much this delta changes a document's length: inserted minus deleted. */
    public int changeLength() {
        int change = 0;
        for (Op op : ops) {
            if (op instanceof Op.Insert || op instanceof Op.InsertEmbed) {
                change += op.length();
            } else if (op instanceof Op.Delete delete) {
                change -= delete.count();
            }
        }
        return change;
    }

    /** The smallest document length this delta can apply to: what it retains plus what it deletes. */
    public int baseLength() {
        int length = 0;
        for (Op op : ops) {
            if (!(op instanceof Op.Insert || op instanceof Op.InsertEmbed)) {
                length += op.length();
            }
        }
        return length;
    }

    /** True when every op is an insert (the delta is a document). */
    public boolean isDocument() {
        for (Op op : ops) {
            if (!(op instanceof Op.Insert || op instanceof Op.InsertEmbed)) {
                return false;
            }
        }
        return true;
    }

    /** This delta without a trailing retain that has no attributes (it changes nothing). */
    public Delta chop() {
        if (!ops.isEmpty() && ops.get(ops.size() - 1) instanceof Op.Retain last && last.attributes().isEmpty()) {
            return new Delta(List.copyOf(ops.subList(0, ops.size() - 1)));
        }
        return this;
    }

    /** Ops from {@code start} (inclusive) to {@code end} (exclusive), by length; ops are cut where needed. */
    public Delta slice(int start, int end) {
        List<Op> result = new ArrayList<>();
        OpIterator iter = new OpIterator(ops);
        int index = 0;
        while (index < end && iter.hasNext()) {
            Op next;
            if (index < start) {
                next = iter.next(start - index);
            } else {
                next = iter.next(end - index);
                result.add(next);
            }
            index += next.length();
        }
        // Cutting a delta in normal form leaves it in normal form, as quill-delta assumes too.
        return result.isEmpty() ? EMPTY : new Delta(Collections.unmodifiableList(result));
    }

    /** Ops from {@code start} (inclusive) to the end. */
    public Delta slice(int start) {
        return slice(start, Integer.MAX_VALUE);
    }

    /** This delta followed by {@code other}: only the seam is merged, as quill-delta does. */
    public Delta concat(Delta other) {
        if (other.ops.isEmpty()) {
            return this;
        }
        Builder builder = new Builder().appendUnmerged(ops);
        builder.push(other.ops.get(0));
        return builder.appendUnmerged(other.ops.subList(1, other.ops.size())).build();
    }

    /** The single delta with the effect of this one followed by {@code other}. */
    public Delta compose(Delta other) {
        return Compose.compose(this, other);
    }

    /**
     * {@code other} transformed so that it applies after this delta, both having been made against
     * the same document. {@code priority} true means this delta happened first: its inserts go
     * before {@code other}'s at the same index, and its attributes win.
     *
     * @throws UnsupportedOperationException when both retain changes to the same embed type
     */
    public Delta transform(Delta other, boolean priority) {
        return Transform.transform(this, other, priority);
    }

    /** Where {@code index} moves to once this delta is applied; with {@code priority}, an insert at exactly {@code index} does not push it right (quill-delta's rule). */
    public int transformPosition(int index, boolean priority) {
        return Transform.transformPosition(this, index, priority);
    }

    /**
     * The delta that undoes this one when applied after it to {@code base}.
     *
     * @throws UnsupportedOperationException when this delta retains a change to an embed of {@code base}
     */
    public Delta invert(Delta base) {
        return Invert.invert(this, base);
    }

    /**
     * The change that turns this document into {@code other} (both must be documents), computed
     * like quill-delta: a character diff with semantic cleanup, then attribute differences.
     *
     * @throws IllegalArgumentException if either delta is not a document
     */
    public Delta diff(Delta other) {
        return DocumentDiff.diff(this, other, DiffBudget.unlimited());
    }

    /**
     * {@link #diff(Delta)} doing at most about {@code maxSteps} character steps: within them the result is
     * quill-delta's; beyond them the stretch still to be compared becomes one delete and one insert, so the delta
     * is always correct but may be less minimal. For untrusted input, whose diff could otherwise take minutes.
     *
     * @throws IllegalArgumentException if either delta is not a document, or {@code maxSteps} is negative
     */
    public Delta diff(Delta other, long maxSteps) {
        return DocumentDiff.diff(this, other, new DiffBudget(maxSteps));
    }

    /**
     * The lines of this document, as quill-delta's {@code eachLine}: each line's content without
     * its newline, and the newline's attributes (the line format). A last line without a newline
     * comes with empty attributes. Like quill-delta, the walk stops silently at the first op that
     * is not an insert.
     */
    public List<Line> lines() {
        return Line.split(this);
    }

    /**
     * Applies this change to {@code document} after checking that it fits: the document is a
     * document ending with a newline, this delta retains and deletes no more than its length, an
     * embed change lands on an embed, and the result still ends with a newline.
     *
     * @throws InvalidDeltaException with a precise message when it does not fit
     * @throws UnsupportedOperationException when it changes an embed (no embed handlers exist)
     */
    public Delta applyTo(Delta document) {
        return Apply.apply(this, document);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Delta other && ops.equals(other.ops);
    }

    @Override
    public int hashCode() {
        return ops.hashCode();
    }

    @Override
    public String toString() {
        return "Delta" + ops;
    }

    /**
     * Builds a delta, keeping quill-delta's normal form as ops are pushed: empty inserts and
     * non-positive retains/deletes are dropped, neighbours merge, an insert goes before a delete
     * it follows. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private final OpBuffer buffer = new OpBuffer();

        private Builder() {
        }

        public Builder insert(String text) {
            return insert(text, AttributeMap.EMPTY);
        }

        public Builder insert(String text, AttributeMap attributes) {
            return text.isEmpty() ? this : push(new Op.Insert(text, attributes));
        }

        public Builder insert(Embed embed, AttributeMap attributes) {
            return push(new Op.InsertEmbed(embed, attributes));
        }

        public Builder retain(int count) {
            return retain(count, AttributeMap.EMPTY);
        }

        public Builder retain(int count, AttributeMap attributes) {
            return count <= 0 ? this : push(new Op.Retain(count, attributes));
        }

        public Builder retain(Embed embed, AttributeMap attributes) {
            return push(new Op.RetainEmbed(embed, attributes));
        }

        public Builder delete(int count) {
            return count <= 0 ? this : push(new Op.Delete(count));
        }

        /** Appends {@code op}, merging it into the last op where quill-delta's {@code push} would. */
        public Builder push(Op op) {
            pushOp(op);
            return this;
        }

        /**
         * Pushes {@code op} and tells whether it became the new last op unchanged (it was neither
         * merged nor moved before a delete). Compose's shortcut depends on exactly this.
         */
        boolean pushOp(Op op) {
            return buffer.push(op);
        }

        /** Appends ops as they are, without merging (quill-delta's {@code concat} and {@code slice} do not merge either). */
        Builder appendUnmerged(List<Op> more) {
            buffer.appendUnmerged(more);
            return this;
        }

        /** Removes a trailing retain without attributes. */
        public Builder chop() {
            buffer.chop();
            return this;
        }

        public Delta build() {
            List<Op> built = buffer.toList();
            return built.isEmpty() ? EMPTY : new Delta(built);
        }
    }
}
