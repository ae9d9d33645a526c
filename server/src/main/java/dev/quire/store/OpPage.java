package dev.quire.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Ops of a document's log read up to a byte bound ({@link DocumentStore#ops(String, long, long, long)}).
 *
 * @param ops the ops, in version order
 * @param cut whether the byte bound ended the page before the end of the range: more ops follow the last one
 */
public record OpPage(List<CommittedOp> ops, boolean cut) {
    public OpPage {
        ops = List.copyOf(ops);
    }

    /** The first of {@code ops} that fit in {@code maxBytes}, at least one (see {@link DocumentStore}). */
    public static OpPage upTo(Iterable<CommittedOp> ops, long maxBytes) {
        List<CommittedOp> page = new ArrayList<>();
        long bytes = 0;
        for (CommittedOp op : ops) {
            bytes += op.estimatedBytes();
            if (bytes > maxBytes && !page.isEmpty()) {
                return new OpPage(page, true);
            }
            page.add(op);
        }
        return new OpPage(page, false);
    }
}
