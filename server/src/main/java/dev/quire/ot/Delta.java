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

    /** Ops from {@code start} (inclusive) to {@code end} (exclusive), by length. */
    public Delta slice(int start, int end) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** This delta followed by {@code other}. */
    public Delta concat(Delta other) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The single delta with the effect of this one followed by {@code other}. */
    public Delta compose(Delta other) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * {@code other} transformed so that it applies after this delta, both having been made against
     * the same document. {@code priority} true means this delta happened first: its inserts go
     * before {@code other}'s at the same index.
     */
    public Delta transform(Delta other, boolean priority) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Where {@code index} moves to once this delta is applied; with {@code priority}, an insert at exactly {@code index} does not push it right (quill-delta's rule). */
    public int transformPosition(int index, boolean priority) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The delta that undoes this one when applied after it to {@code base}. */
    public Delta invert(Delta base) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The change that turns this document into {@code other} (both must be documents). */
    public Delta diff(Delta other) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Applies this change to {@code document} after checking that it fits: the document is a
     * document ending with a newline, this delta retains and deletes no more than its length, and
     * the result still ends with a newline.
     *
     * @throws InvalidDeltaException with a precise message when it does not fit
     */
    public Delta applyTo(Delta document) {
        throw new UnsupportedOperationException("not yet implemented");
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
        private final ArrayList<Op> ops = new ArrayList<>();

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
            int index = ops.size();
            if (index > 0) {
                Op last = ops.get(index - 1);
                if (op instanceof Op.Delete delete && last instanceof Op.Delete lastDelete) {
                    ops.set(index - 1, new Op.Delete(lastDelete.count() + delete.count()));
                    return this;
                }
                // Inserting before or after a delete at the same index has the same effect: insert first.
                if (last instanceof Op.Delete && (op instanceof Op.Insert || op instanceof Op.InsertEmbed)) {
                    index -= 1;
                    if (index == 0) {
                        ops.add(0, op);
                        return this;
                    }
                    last = ops.get(index - 1);
                }
                if (op.attributes().equals(last.attributes())) {
                    if (op instanceof Op.Insert insert && last instanceof Op.Insert lastInsert) {
                        ops.set(index - 1, new Op.Insert(lastInsert.text() + insert.text(), op.attributes()));
                        return this;
                    }
                    if (op instanceof Op.Retain retain && last instanceof Op.Retain lastRetain) {
                        ops.set(index - 1, new Op.Retain(lastRetain.count() + retain.count(), op.attributes()));
                        return this;
                    }
                }
            }
            ops.add(index, op);
            return this;
        }

        /** Removes a trailing retain without attributes. */
        public Builder chop() {
            if (!ops.isEmpty() && ops.get(ops.size() - 1) instanceof Op.Retain last && last.attributes().isEmpty()) {
                ops.remove(ops.size() - 1);
            }
            return this;
        }

        public Delta build() {
            return ops.isEmpty() ? EMPTY : new Delta(List.copyOf(ops));
        }
    }
}
