package dev.quire.doc;

/**
 * An inner node of the {@link RunTree}: up to {@link RunTree#INNER_MAX} children (one more while
 * an insert is about to split it). {@link #len} is kept by the tree as it descends, because only
 * the tree knows how many units an operation adds or removes below.
 */
final class Inner extends Node {
    Node[] kids = new Node[RunTree.INNER_MAX + 1];
    int count;

    @Override
    int size() {
        return count;
    }

    /** Inserts {@code kid} at index {@code at}; does not change {@link #len}. */
    void add(int at, Node kid) {
        System.arraycopy(kids, at, kids, at + 1, count - at);
        kids[at] = kid;
        count++;
    }

    /** Removes the child at index {@code at}; does not change {@link #len}. */
    void remove(int at) {
        System.arraycopy(kids, at + 1, kids, at, count - at - 1);
        kids[--count] = null;
    }

    @Override
    Inner splitOff() {
        Inner right = new Inner();
        int keep = count / 2;
        for (int i = keep; i < count; i++) {
            right.kids[right.count++] = kids[i];
            right.len += kids[i].len;
            kids[i] = null;
        }
        count = keep;
        len -= right.len;
        return right;
    }

    @Override
    void absorb(Node node) {
        Inner right = (Inner) node;
        if (count + right.count > kids.length) {
            kids = java.util.Arrays.copyOf(kids, count + right.count);
        }
        System.arraycopy(right.kids, 0, kids, count, right.count);
        count += right.count;
        len += right.len;
    }
}
