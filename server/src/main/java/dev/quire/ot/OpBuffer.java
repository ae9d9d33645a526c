package dev.quire.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * The growing op list behind {@link Delta.Builder}, applying quill-delta's {@code push} rules:
 * neighbouring deletes merge, an insert goes before a delete it follows, and neighbours of the same
 * kind with equal attributes merge (text inserts and numeric retains only). Not thread-safe.
 */
final class OpBuffer {
    /** Each item is an {@link Op} or a {@link TextRun} (a text insert that has had text merged into it). */
    private final ArrayList<Object> items = new ArrayList<>();

    /**
     * Pushes {@code op} and tells whether it became the new last op unchanged (neither merged nor
     * moved before a delete).
     */
    boolean push(Op op) {
        int index = items.size();
        if (index > 0) {
            Object last = items.get(index - 1);
            if (op instanceof Op.Delete delete && last instanceof Op.Delete lastDelete) {
                items.set(index - 1, new Op.Delete(lastDelete.count() + delete.count()));
                return false;
            }
            // Inserting before or after a delete at the same index has the same effect: insert first.
            if (last instanceof Op.Delete && (op instanceof Op.Insert || op instanceof Op.InsertEmbed)) {
                index -= 1;
                if (index == 0) {
                    items.add(0, op);
                    return false;
                }
                last = items.get(index - 1);
            }
            if (mergeInto(index - 1, last, op)) {
                return false;
            }
        }
        items.add(index, op);
        return index == items.size() - 1;
    }

    private boolean mergeInto(int position, Object last, Op op) {
        if (op instanceof Op.Insert insert) {
            if (last instanceof TextRun run && run.attributes.equals(insert.attributes())) {
                run.text.append(insert.text());
                return true;
            }
            if (last instanceof Op.Insert lastInsert && lastInsert.attributes().equals(insert.attributes())) {
                items.set(position, new TextRun(lastInsert.text(), insert));
                return true;
            }
        } else if (op instanceof Op.Retain retain && last instanceof Op.Retain lastRetain
                && lastRetain.attributes().equals(retain.attributes())) {
            items.set(position, new Op.Retain(lastRetain.count() + retain.count(), retain.attributes()));
            return true;
        }
        return false;
    }

    /** Appends ops as they are, without merging. */
    void appendUnmerged(List<Op> more) {
        items.addAll(more);
    }

    /** Removes a trailing retain without attributes. */
    void chop() {
        if (!items.isEmpty() && items.get(items.size() - 1) instanceof Op.Retain last && last.attributes().isEmpty()) {
            items.remove(items.size() - 1);
        }
    }

    /** The ops so far, as an immutable list; the buffer stays usable. */
    List<Op> toList() {
        Op[] ops = new Op[items.size()];
        for (int i = 0; i < ops.length; i++) {
            Object item = items.get(i);
            ops[i] = item instanceof TextRun run ? run.toOp() : (Op) item;
        }
        return List.of(ops);
    }

    /** A text insert being extended; merging into a StringBuilder keeps long runs of merges linear. */
    private static final class TextRun {
        final StringBuilder text;
        final AttributeMap attributes;

        TextRun(String first, Op.Insert second) {
            this.text = new StringBuilder(first.length() + second.text().length() + 16).append(first).append(second.text());
            this.attributes = second.attributes();
        }

        Op.Insert toOp() {
            return new Op.Insert(text.toString(), attributes);
        }
    }
}
