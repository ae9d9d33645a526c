package dev.quire.doc;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import dev.quire.ot.Op;
import java.util.Objects;

/**
 * {@link RichText} on a {@link RunTree}. A change is applied in two passes: the first only reads
 * (bounds, embeds, the final newline) and throws before anything is touched; the second mutates and
 * cannot fail. Not thread-safe (see {@link RichText}).
 */
final class TreeRichText implements RichText {
    private final RunTree tree = new RunTree();
    private final int[] offset = new int[1]; // scratch for RunTree.leafAt

    TreeRichText(Delta document) {
        Rejections.checkDocument(document);
        for (Op op : document.ops()) {
            if (op instanceof Op.Insert insert) {
                tree.insertText(tree.length(), insert.text(), insert.attributes());
            } else {
                Op.InsertEmbed embed = (Op.InsertEmbed) op;
                tree.insertEmbed(tree.length(), embed.embed(), embed.attributes());
            }
        }
    }

    @Override
    public void apply(Delta change) {
        check(change);
        int pos = 0;
        for (Op op : change.ops()) {
            if (op instanceof Op.Insert insert) {
                tree.insertText(pos, insert.text(), insert.attributes());
                pos += insert.text().length();
            } else if (op instanceof Op.Retain retain) {
                if (!retain.attributes().isEmpty()) {
                    tree.format(pos, retain.count(), retain.attributes());
                }
                pos += retain.count();
            } else if (op instanceof Op.Delete delete) {
                tree.delete(pos, delete.count());
            } else if (op instanceof Op.InsertEmbed embed) {
                tree.insertEmbed(pos, embed.embed(), embed.attributes());
                pos++;
            } else {
                throw new AssertionError("check() lets no RetainEmbed through: " + op);
            }
        }
    }

    /** Throws, without changing anything, if {@code change} does not fit this document. */
    @Override
    public void check(Delta change) {
        int length = tree.length();
        boolean embedChange = Rejections.checkLength(change, length);
        int pos = 0;
        Op lastKept = null; // the last op whose content ends up in the result
        for (Op op : change.ops()) {
            if (op instanceof Op.Insert || op instanceof Op.InsertEmbed) {
                lastKept = op;
                continue;
            }
            if (embedChange && op instanceof Op.RetainEmbed retain) {
                throw Rejections.embedRetain(pos, embedAt(pos), retain);
            }
            if (op instanceof Op.Retain) {
                lastKept = op;
            }
            pos += op.length();
        }
        if (pos < length) {
            return; // the untouched tail keeps the final newline
        }
        boolean endsWithNewline;
        if (lastKept instanceof Op.Insert insert) {
            endsWithNewline = insert.text().endsWith("\n");
        } else if (lastKept instanceof Op.Retain) {
            int last = lastRetainedPosition(change);
            endsWithNewline = embedAt(last) == null && charAt(last) == '\n';
        } else {
            endsWithNewline = false;
        }
        if (!endsWithNewline) {
            throw Rejections.removesFinalNewline();
        }
    }

    /** Position before the change of the last unit kept by the last retain of {@code change}. */
    private static int lastRetainedPosition(Delta change) {
        int pos = 0;
        int last = -1;
        for (Op op : change.ops()) {
            if (op instanceof Op.Retain || op instanceof Op.Delete) {
                pos += op.length();
                if (op instanceof Op.Retain) {
                    last = pos - 1;
                }
            }
        }
        return last;
    }

    private Embed embedAt(int pos) {
        return tree.leafAt(pos, offset).embedAt(offset[0]);
    }

    @Override
    public char charAt(int pos) {
        Objects.checkIndex(pos, tree.length());
        return tree.leafAt(pos, offset).chars[offset[0]];
    }

    @Override
    public Delta toDelta() {
        RunJoiner joiner = new RunJoiner();
        tree.forEachLeaf(joiner::add);
        return joiner.finish();
    }

    /** Turns the runs of consecutive leaves into a normal-form document delta. */
    private static final class RunJoiner {
        private final Delta.Builder builder = Delta.builder();
        private final StringBuilder text = new StringBuilder();
        private AttributeMap textAttrs; // of the pending text; null when none is pending

        void add(Leaf leaf) {
            int start = 0;
            for (int r = 0; r < leaf.runCount; r++) {
                Embed embed = leaf.runEmbed[r];
                AttributeMap attrs = leaf.runAttrs[r];
                // Text runs with equal attributes meet across leaf boundaries: join them before emitting.
                if (embed != null || textAttrs == null || !Leaf.same(textAttrs, attrs)) {
                    flush();
                }
                if (embed != null) {
                    builder.insert(embed, attrs);
                } else {
                    text.append(leaf.chars, start, leaf.runLen[r]);
                    textAttrs = attrs;
                }
                start += leaf.runLen[r];
            }
        }

        private void flush() {
            if (textAttrs != null) {
                builder.insert(text.toString(), textAttrs);
                text.setLength(0);
                textAttrs = null;
            }
        }

        Delta finish() {
            flush();
            return builder.build();
        }
    }

    @Override
    public String plainText() {
        StringBuilder text = new StringBuilder(tree.length());
        tree.forEachLeaf(leaf -> text.append(leaf.chars, 0, leaf.len));
        return text.toString();
    }

    @Override
    public int length() {
        return tree.length();
    }

    /** For tests in this package: the tree, to check its invariants. */
    RunTree tree() {
        return tree;
    }

    @Override
    public String toString() {
        return "TreeRichText" + toDelta().ops();
    }
}
