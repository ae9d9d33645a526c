package dev.quire.doc;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link RichText} as one flat list of insert ops, rebuilt by every change the way quill-delta's
 * compose walks a document: O(n) per change, simple enough to serve as the reference for
 * {@link TreeRichText} in tests and as the baseline in benchmarks. It shares no code with the tree
 * except the wording of {@link Rejections}. Not thread-safe (see {@link RichText}).
 */
public final class FlatRichText implements RichText {
    private List<Op> ops;
    private int length;

    /** The flat-list reference implementation holding {@code document}; O(n) per change. */
    public static RichText of(Delta document) {
        return new FlatRichText(document);
    }

    private FlatRichText(Delta document) {
        Rejections.checkDocument(document);
        ops = new ArrayList<>(document.ops());
        length = document.length();
    }

    /** Applies {@code change} to a copy: the reference's check is its apply. */
    @Override
    public void check(Delta change) {
        new FlatRichText(toDelta()).apply(change);
    }

    @Override
    public void apply(Delta change) {
        Rejections.checkLength(change, length);
        // Built aside and swapped in at the end, so a rejected change leaves the document as it was.
        List<Op> out = new ArrayList<>(ops.size() + 4);
        int index = 0; // current op of the document
        int offset = 0; // units of it already consumed
        int pos = 0; // position in the document before the change
        for (Op op : change.ops()) {
            if (op instanceof Op.Insert || op instanceof Op.InsertEmbed) {
                push(out, op);
                continue;
            }
            if (op instanceof Op.RetainEmbed retain) {
                Op here = ops.get(index);
                throw Rejections.embedRetain(pos, here instanceof Op.InsertEmbed e ? e.embed() : null, retain);
            }
            int count = op.length();
            pos += count;
            while (count > 0) {
                Op current = ops.get(index);
                int take = Math.min(count, current.length() - offset);
                if (op instanceof Op.Retain retain) {
                    push(out, piece(current, offset, take, retain.attributes()));
                }
                count -= take;
                offset += take;
                if (offset == current.length()) {
                    index++;
                    offset = 0;
                }
            }
        }
        if (index < ops.size()) {
            push(out, piece(ops.get(index), offset, ops.get(index).length() - offset, AttributeMap.EMPTY));
            for (int i = index + 1; i < ops.size(); i++) {
                push(out, ops.get(i));
            }
        }
        if (out.isEmpty() || !(out.get(out.size() - 1) instanceof Op.Insert last) || !last.text().endsWith("\n")) {
            throw Rejections.removesFinalNewline();
        }
        ops = out;
        length += change.changeLength();
    }

    /** Units {@code [offset, offset + take)} of document op {@code op}, with {@code attrs} composed onto it. */
    private static Op piece(Op op, int offset, int take, AttributeMap attrs) {
        AttributeMap composed = attrs.isEmpty() ? op.attributes() : AttributeMap.compose(op.attributes(), attrs, false);
        if (op instanceof Op.Insert insert) {
            return new Op.Insert(insert.text().substring(offset, offset + take), composed);
        }
        return new Op.InsertEmbed(((Op.InsertEmbed) op).embed(), composed);
    }

    /** Appends {@code op}, merging two texts with equal attributes as quill-delta's push does. */
    private static void push(List<Op> out, Op op) {
        int last = out.size() - 1;
        if (last >= 0 && op instanceof Op.Insert insert && out.get(last) instanceof Op.Insert previous
                && previous.attributes().equals(insert.attributes())) {
            out.set(last, new Op.Insert(previous.text() + insert.text(), insert.attributes()));
        } else {
            out.add(op);
        }
    }

    @Override
    public Delta toDelta() {
        return Delta.of(ops);
    }

    @Override
    public String plainText() {
        StringBuilder text = new StringBuilder(length);
        for (Op op : ops) {
            if (op instanceof Op.Insert insert) {
                text.append(insert.text());
            } else {
                text.append(EMBED_CHAR);
            }
        }
        return text.toString();
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        Objects.checkIndex(index, length);
        int start = 0;
        for (Op op : ops) {
            if (index < start + op.length()) {
                return op instanceof Op.Insert insert ? insert.text().charAt(index - start) : EMBED_CHAR;
            }
            start += op.length();
        }
        throw new AssertionError("length " + length + " disagrees with the ops " + ops);
    }

    @Override
    public String toString() {
        return "FlatRichText" + ops;
    }
}
