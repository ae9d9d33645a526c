package dev.quire.doc;

/**
 * A node of the {@link RunTree}: a {@link Leaf} of text runs or an {@link Inner} node. Every node
 * knows its length (UTF-16 units, an embed counting 1) so that a position is found by one descent.
 */
abstract class Node {
    /** Total length of the text below this node. */
    int len;

    /** The fill measure bounded by the tree: units for a leaf, children for an inner node. */
    abstract int size();

    /** Moves the upper half of this node into a new node of the same kind and returns it. */
    abstract Node splitOff();

    /** Appends all content of {@code right} (a node of the same kind and height) to this node. */
    abstract void absorb(Node right);
}
