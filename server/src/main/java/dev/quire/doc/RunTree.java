package dev.quire.doc;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Embed;
import java.util.function.Consumer;

/**
 * A counted B+tree of {@link Leaf} chunks: every leaf at the same depth, every node except the root
 * between its minimum and maximum fill, so that a position is reached in O(log n) and an edit
 * touches one leaf (plus the nodes on its path) unless it spans several.
 *
 * <p>Operations trust their arguments: {@link TreeRichText} validates a change before calling them,
 * so that a rejected change never leaves a half-applied tree. Not thread-safe.
 */
final class RunTree {
    static final int LEAF_MAX = 1024;
    static final int LEAF_MIN = LEAF_MAX / 4;
    /** Longest piece of text inserted into a leaf at once, so that a split always yields leaves within bounds. */
    static final int CHUNK = LEAF_MAX / 2;
    static final int INNER_MAX = 16;
    static final int INNER_MIN = INNER_MAX / 4;

    Node root = new Leaf(64);

    int length() {
        return root.len;
    }

    void insertText(int pos, String text, AttributeMap attrs) {
        int from = 0;
        while (from < text.length()) {
            int to = Math.min(text.length(), from + CHUNK);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                to++; // keep a surrogate pair in one chunk
            }
            insert(pos, text, from, to, attrs, null);
            pos += to - from;
            from = to;
        }
    }

    void insertEmbed(int pos, Embed embed, AttributeMap attrs) {
        insert(pos, null, 0, 1, attrs, embed);
    }

    private void insert(int pos, String text, int from, int to, AttributeMap attrs, Embed embed) {
        Node sibling = insertInto(root, pos, text, from, to, attrs, embed);
        if (sibling != null) {
            Inner top = new Inner();
            top.add(0, root);
            top.add(1, sibling);
            top.len = root.len + sibling.len;
            root = top;
        }
    }

    /** Inserts below {@code node}; returns the new right sibling when {@code node} had to split. */
    private Node insertInto(Node node, int pos, String text, int from, int to, AttributeMap attrs, Embed embed) {
        if (node instanceof Leaf leaf) {
            if (embed == null) {
                leaf.insertText(pos, text, from, to, attrs);
            } else {
                leaf.insertEmbed(pos, embed, attrs);
            }
            return leaf.len > LEAF_MAX ? leaf.splitOff() : null;
        }
        Inner inner = (Inner) node;
        int i = 0;
        // At a boundary the left child takes the text: typing at the end of a chunk appends to it.
        while (i < inner.count - 1 && pos > inner.kids[i].len) {
            pos -= inner.kids[i++].len;
        }
        inner.len += to - from;
        Node sibling = insertInto(inner.kids[i], pos, text, from, to, attrs, embed);
        if (sibling != null) {
            inner.add(i + 1, sibling);
        }
        return inner.count > INNER_MAX ? inner.splitOff() : null;
    }

    void delete(int pos, int n) {
        deleteIn(root, pos, n);
        while (root instanceof Inner inner && inner.count <= 1) {
            root = inner.count == 0 ? new Leaf(64) : inner.kids[0];
        }
    }

    private void deleteIn(Node node, int pos, int n) {
        if (node instanceof Leaf leaf) {
            leaf.delete(pos, n);
            return;
        }
        Inner inner = (Inner) node;
        inner.len -= n;
        int i = 0;
        while (pos >= inner.kids[i].len) {
            pos -= inner.kids[i++].len;
        }
        while (n > 0) {
            Node kid = inner.kids[i];
            int take = Math.min(n, kid.len - pos);
            if (pos == 0 && take == kid.len) {
                inner.remove(i);
            } else {
                deleteIn(kid, pos, take);
                i++;
            }
            n -= take;
            pos = 0;
        }
        rebalance(inner);
    }

    /**
     * Merges each underfull child into a neighbour (splitting the result again if it overflows).
     * Only the children around the cut of a delete can be underfull, so this costs O(log n) per level.
     */
    private static void rebalance(Inner inner) {
        int i = 0;
        while (i < inner.count && inner.count > 1) {
            Node kid = inner.kids[i];
            boolean leaf = kid instanceof Leaf;
            if (kid.size() >= (leaf ? LEAF_MIN : INNER_MIN)) {
                i++;
                continue;
            }
            int j = i + 1 < inner.count ? i : i - 1;
            Node merged = inner.kids[j];
            merged.absorb(inner.kids[j + 1]);
            inner.remove(j + 1);
            if (merged instanceof Inner mergedInner) {
                // The two halves meet where a range delete cut both: their children there may be underfull too.
                rebalance(mergedInner);
            }
            if (merged.size() > (leaf ? LEAF_MAX : INNER_MAX)) {
                inner.add(j + 1, merged.splitOff());
            }
            i = j;
        }
    }

    void format(int pos, int n, AttributeMap attrs) {
        formatIn(root, pos, n, attrs);
    }

    private static void formatIn(Node node, int pos, int n, AttributeMap attrs) {
        if (node instanceof Leaf leaf) {
            leaf.format(pos, n, attrs);
            return;
        }
        Inner inner = (Inner) node;
        int i = 0;
        while (pos >= inner.kids[i].len) {
            pos -= inner.kids[i++].len;
        }
        while (n > 0) {
            Node kid = inner.kids[i++];
            int take = Math.min(n, kid.len - pos);
            formatIn(kid, pos, take, attrs);
            n -= take;
            pos = 0;
        }
    }

    /** The leaf holding position {@code pos} ({@code 0 <= pos < length()}); {@code offset[0]} receives the offset in it. */
    Leaf leafAt(int pos, int[] offset) {
        Node node = root;
        while (node instanceof Inner inner) {
            int i = 0;
            while (pos >= inner.kids[i].len) {
                pos -= inner.kids[i++].len;
            }
            node = inner.kids[i];
        }
        offset[0] = pos;
        return (Leaf) node;
    }

    void forEachLeaf(Consumer<Leaf> action) {
        visit(root, action);
    }

    private static void visit(Node node, Consumer<Leaf> action) {
        if (node instanceof Leaf leaf) {
            action.accept(leaf);
            return;
        }
        Inner inner = (Inner) node;
        for (int i = 0; i < inner.count; i++) {
            visit(inner.kids[i], action);
        }
    }
}
