package dev.quire.doc;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Embed;
import java.util.Arrays;

/**
 * A chunk of the document: its UTF-16 text in one {@code char[]} and the runs that cover it, each
 * run a length, an {@link AttributeMap} and, for an embed, the {@link Embed} (length 1, stored as
 * {@link RichText#EMBED_CHAR} in the text so that offsets stay plain array indices).
 *
 * <p>Invariants kept by every method: run lengths are positive and sum to {@link #len}; two
 * neighbouring text runs never have equal attributes (they are merged), so the common case of
 * typing plain text keeps one run per leaf. Not thread-safe; owned by one {@link RunTree}.
 */
final class Leaf extends Node {
    char[] chars;
    int runCount;
    int[] runLen;
    AttributeMap[] runAttrs;
    Embed[] runEmbed; // null entry: a text run

    Leaf(int capacity) {
        chars = new char[Math.max(capacity, 16)];
        runLen = new int[8];
        runAttrs = new AttributeMap[8];
        runEmbed = new Embed[8];
    }

    @Override
    int size() {
        return len;
    }

    /** Inserts {@code text[from, to)} at {@code off}, merging into a neighbouring run with equal attributes. */
    void insertText(int off, String text, int from, int to, AttributeMap attrs) {
        int n = to - from;
        openGap(off, n);
        text.getChars(from, to, chars, off);
        placeRun(off, n, attrs, null);
    }

    void insertEmbed(int off, Embed embed, AttributeMap attrs) {
        openGap(off, 1);
        chars[off] = RichText.EMBED_CHAR;
        placeRun(off, 1, attrs, embed);
    }

    private void openGap(int off, int n) {
        if (len + n > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(len + n, chars.length * 2));
        }
        System.arraycopy(chars, off, chars, off + n, len - off);
        len += n;
    }

    /** Records a run of {@code n} new units at {@code off} (already in {@link #chars}; {@link #len} already grown). */
    private void placeRun(int off, int n, AttributeMap attrs, Embed embed) {
        int r = 0;
        int start = 0;
        while (r < runCount && start + runLen[r] < off) {
            start += runLen[r++];
        }
        // Now off is inside run r (start < off < end), at its end (off == end), or r == runCount.
        if (r < runCount && off > start && off < start + runLen[r]) {
            if (embed == null && runEmbed[r] == null && same(runAttrs[r], attrs)) {
                runLen[r] += n;
                return;
            }
            splitRun(r, off - start);
            addRun(r + 1, n, attrs, embed);
            return;
        }
        // off is a boundary: after run r (if it ends at off) and before run r + 1.
        int before = r < runCount ? r : r - 1;
        if (before >= 0 && start + runLen[before] != off) {
            before = -1; // off == 0 and r == 0 starts at off
        }
        int after = before + 1;
        if (embed == null) {
            if (before >= 0 && runEmbed[before] == null && same(runAttrs[before], attrs)) {
                runLen[before] += n;
                return;
            }
            if (after < runCount && runEmbed[after] == null && same(runAttrs[after], attrs)) {
                runLen[after] += n;
                return;
            }
        }
        addRun(after, n, attrs, embed);
    }

    /** Removes {@code n} units at {@code off}. */
    void delete(int off, int n) {
        System.arraycopy(chars, off + n, chars, off, len - off - n);
        len -= n;
        int r = 0;
        int start = 0;
        while (runLen[r] + start <= off) {
            start += runLen[r++];
        }
        // The run holding the unit just before off survives the delete; it may now meet an equal run.
        int junction = off > start ? r : r - 1;
        int remaining = n;
        int cursor = off;
        while (remaining > 0) {
            int inRun = Math.min(remaining, start + runLen[r] - cursor);
            runLen[r] -= inRun;
            remaining -= inRun;
            if (runLen[r] == 0) {
                removeRun(r);
            } else {
                start += runLen[r];
                cursor = start;
                r++;
            }
        }
        mergeAround(junction);
    }

    /** Composes {@code attrs} onto the runs covering {@code [off, off + n)}, as quill-delta's compose does for a retain. */
    void format(int off, int n, AttributeMap attrs) {
        int r = runAt(off);
        int start = runStart(r);
        if (start < off) {
            splitRun(r, off - start);
            start = off;
            r++;
        }
        int first = r;
        int end = off + n;
        while (start < end) {
            if (start + runLen[r] > end) {
                splitRun(r, end - start);
            }
            runAttrs[r] = AttributeMap.compose(runAttrs[r], attrs, false);
            start += runLen[r++];
        }
        for (int i = Math.min(r, runCount - 1); i >= Math.max(first - 1, 0); i--) {
            mergeAround(i);
        }
    }

    /** The embed at {@code off}, or null when {@code off} is text. */
    Embed embedAt(int off) {
        return runEmbed[runAt(off)];
    }

    /** Moves the upper half (never splitting a surrogate pair) into a new leaf and returns it. */
    @Override
    Leaf splitOff() {
        int mid = len / 2;
        if (mid + 1 < len && Character.isHighSurrogate(chars[mid - 1]) && Character.isLowSurrogate(chars[mid])) {
            mid++;
        }
        Leaf right = new Leaf(chars.length);
        int r = runAt(mid);
        int start = runStart(r);
        if (start < mid) {
            splitRun(r, mid - start);
            r++;
        }
        right.len = len - mid;
        System.arraycopy(chars, mid, right.chars, 0, right.len);
        for (int i = r; i < runCount; i++) {
            right.addRun(right.runCount, runLen[i], runAttrs[i], runEmbed[i]);
            runAttrs[i] = null;
            runEmbed[i] = null;
        }
        runCount = r;
        len = mid;
        return right;
    }

    /** Appends all of {@code right} to this leaf. */
    @Override
    void absorb(Node node) {
        Leaf right = (Leaf) node;
        if (len + right.len > chars.length) {
            chars = Arrays.copyOf(chars, len + right.len + 16);
        }
        System.arraycopy(right.chars, 0, chars, len, right.len);
        len += right.len;
        int joint = runCount - 1;
        for (int i = 0; i < right.runCount; i++) {
            addRun(runCount, right.runLen[i], right.runAttrs[i], right.runEmbed[i]);
        }
        mergeAround(joint);
    }

    /** Index of the run containing {@code off} ({@code 0 <= off < len}). */
    private int runAt(int off) {
        int r = 0;
        int start = 0;
        while (start + runLen[r] <= off) {
            start += runLen[r++];
        }
        return r;
    }

    private int runStart(int r) {
        int start = 0;
        for (int i = 0; i < r; i++) {
            start += runLen[i];
        }
        return start;
    }

    private void splitRun(int r, int leftLen) {
        addRun(r + 1, runLen[r] - leftLen, runAttrs[r], runEmbed[r]);
        runLen[r] = leftLen;
    }

    /** Merges run {@code r} with its right neighbour when both are text with equal attributes. */
    private void mergeAround(int r) {
        if (r >= 0 && r + 1 < runCount && runEmbed[r] == null && runEmbed[r + 1] == null
                && same(runAttrs[r], runAttrs[r + 1])) {
            runLen[r] += runLen[r + 1];
            removeRun(r + 1);
        }
    }

    private void addRun(int at, int n, AttributeMap attrs, Embed embed) {
        if (runCount == runLen.length) {
            int cap = runCount * 2;
            runLen = Arrays.copyOf(runLen, cap);
            runAttrs = Arrays.copyOf(runAttrs, cap);
            runEmbed = Arrays.copyOf(runEmbed, cap);
        }
        int tail = runCount - at;
        System.arraycopy(runLen, at, runLen, at + 1, tail);
        System.arraycopy(runAttrs, at, runAttrs, at + 1, tail);
        System.arraycopy(runEmbed, at, runEmbed, at + 1, tail);
        runLen[at] = n;
        runAttrs[at] = attrs;
        runEmbed[at] = embed;
        runCount++;
    }

    private void removeRun(int r) {
        int tail = runCount - r - 1;
        System.arraycopy(runLen, r + 1, runLen, r, tail);
        System.arraycopy(runAttrs, r + 1, runAttrs, r, tail);
        System.arraycopy(runEmbed, r + 1, runEmbed, r, tail);
        runCount--;
        runAttrs[runCount] = null;
        runEmbed[runCount] = null;
    }

    static boolean same(AttributeMap a, AttributeMap b) {
        return a == b || a.equals(b);
    }
}
