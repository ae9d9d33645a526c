package dev.quire.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * Character diff producing the same edit script as the {@code fast-diff} 1.3.0 npm package (a
 * trimmed diff-match-patch) that quill-delta calls with semantic cleanup. Agreement matters:
 * {@link Delta#diff} must give the browser's delta to the op, so every step below (common
 * prefix/suffix, the half-match shortcut, Myers' middle-snake bisection, and the clean-ups in
 * {@link TextDiffCleanup}) keeps fast-diff's choices, including its tie-breaks and its refusal to
 * cut a surrogate pair when trimming a common prefix or suffix. fast-diff has no limit on its work; here a
 * {@link DiffBudget} may bound it (unlimited gives fast-diff's result exactly).
 */
final class TextDiff {
    enum Kind { DELETE, INSERT, EQUAL }

    /** One step of the edit script. Mutable only while the clean-ups rewrite the script. */
    static final class Edit {
        Kind kind;
        String text;

        Edit(Kind kind, String text) {
            this.kind = kind;
            this.text = text;
        }

        Kind kind() {
            return kind;
        }

        String text() {
            return text;
        }

        @Override
        public String toString() {
            return kind + ":" + text;
        }
    }

    private TextDiff() {
    }

    /** The edits turning {@code from} into {@code to}, semantically cleaned, as fast-diff's {@code diff(from, to, undefined, true)}. */
    static List<Edit> diff(String from, String to) {
        return diff(from, to, DiffBudget.unlimited());
    }

    /** The same within {@code budget}; what is left when it runs out becomes a delete and an insert. */
    static List<Edit> diff(String from, String to, DiffBudget budget) {
        return diff(from, to, true, true, budget);
    }

    /**
     * @param cleanup whether to run the semantic clean-up (only the top level does)
     * @param keepPairs whether the merge step repairs surrogate pairs cut by edit boundaries (only the top level does)
     */
    private static List<Edit> diff(String from, String to, boolean cleanup, boolean keepPairs,
                                   DiffBudget budget) {
        List<Edit> edits = new ArrayList<>();
        if (from.equals(to)) {
            if (!from.isEmpty()) {
                edits.add(new Edit(Kind.EQUAL, from));
            }
            return edits;
        }
        int prefix = commonPrefix(from, to);
        String commonStart = from.substring(0, prefix);
        from = from.substring(prefix);
        to = to.substring(prefix);
        int suffix = commonSuffix(from, to);
        String commonEnd = from.substring(from.length() - suffix);
        from = from.substring(0, from.length() - suffix);
        to = to.substring(0, to.length() - suffix);

        if (!commonStart.isEmpty()) {
            edits.add(new Edit(Kind.EQUAL, commonStart));
        }
        middle(from, to, edits, budget);
        if (!commonEnd.isEmpty()) {
            edits.add(new Edit(Kind.EQUAL, commonEnd));
        }
        TextDiffCleanup.merge(edits, keepPairs);
        if (cleanup) {
            TextDiffCleanup.semantic(edits);
        }
        return edits;
    }

    /** Appends the edits between two strings that share no prefix or suffix. */
    private static void middle(String from, String to, List<Edit> out, DiffBudget budget) {
        if (from.isEmpty()) {
            out.add(new Edit(Kind.INSERT, to));
            return;
        }
        if (to.isEmpty()) {
            out.add(new Edit(Kind.DELETE, from));
            return;
        }
        boolean fromLonger = from.length() > to.length();
        String longer = fromLonger ? from : to;
        String shorter = fromLonger ? to : from;
        if (!budget.spend(longer.length())) {
            out.add(new Edit(Kind.DELETE, from));
            out.add(new Edit(Kind.INSERT, to));
            return;
        }
        int at = new LinearSearch(shorter).indexIn(longer, 0);
        if (at != -1) {
            // The shorter string sits inside the longer one: two edits around an equality (empty ones are merged away later).
            Kind around = fromLonger ? Kind.DELETE : Kind.INSERT;
            out.add(new Edit(around, longer.substring(0, at)));
            out.add(new Edit(Kind.EQUAL, shorter));
            out.add(new Edit(around, longer.substring(at + shorter.length())));
            return;
        }
        if (shorter.length() == 1) {
            // One character not found in the other string: nothing in common.
            out.add(new Edit(Kind.DELETE, from));
            out.add(new Edit(Kind.INSERT, to));
            return;
        }
        String[] half = HalfMatch.find(from, to, budget);
        if (half != null) {
            out.addAll(diff(half[0], half[2], false, false, budget));
            out.add(new Edit(Kind.EQUAL, half[4]));
            out.addAll(diff(half[1], half[3], false, false, budget));
            return;
        }
        bisect(from, to, out, budget);
    }

    /** Myers' O(ND) search for the middle snake, walking forward and backward at once; splits there and recurses. */
    private static void bisect(String from, String to, List<Edit> out, DiffBudget budget) {
        if (budget.exhausted()) {
            out.add(new Edit(Kind.DELETE, from));
            out.add(new Edit(Kind.INSERT, to));
            return;
        }
        int n = from.length();
        int m = to.length();
        int maxD = (n + m + 1) / 2;
        int vOffset = maxD;
        int vLength = 2 * maxD;
        int[] forward = new int[vLength];
        int[] backward = new int[vLength];
        java.util.Arrays.fill(forward, -1);
        java.util.Arrays.fill(backward, -1);
        forward[vOffset + 1] = 0;
        backward[vOffset + 1] = 0;
        int delta = n - m;
        // With an odd total length the forward walk is the one that meets the backward walk.
        boolean forwardMeets = delta % 2 != 0;
        int k1Start = 0;
        int k1End = 0;
        int k2Start = 0;
        int k2End = 0;
        for (int d = 0; d < maxD; d++) {
            // Each round looks at up to 2d+2 diagonals; the snakes' comparisons are charged as they happen.
            if (!budget.spend(2L * d + 2)) {
                break;
            }
            for (int k1 = -d + k1Start; k1 <= d - k1End; k1 += 2) {
                int k1Offset = vOffset + k1;
                int x1 = (k1 == -d || (k1 != d && forward[k1Offset - 1] < forward[k1Offset + 1]))
                        ? forward[k1Offset + 1]
                        : forward[k1Offset - 1] + 1;
                int y1 = x1 - k1;
                int snake1 = x1;
                while (x1 < n && y1 < m && from.charAt(x1) == to.charAt(y1)) {
                    x1++;
                    y1++;
                }
                budget.spend(x1 - snake1);
                forward[k1Offset] = x1;
                if (x1 > n) {
                    k1End += 2;
                } else if (y1 > m) {
                    k1Start += 2;
                } else if (forwardMeets) {
                    int k2Offset = vOffset + delta - k1;
                    if (k2Offset >= 0 && k2Offset < vLength && backward[k2Offset] != -1 && x1 >= n - backward[k2Offset]) {
                        split(from, to, x1, y1, out, budget);
                        return;
                    }
                }
            }
            for (int k2 = -d + k2Start; k2 <= d - k2End; k2 += 2) {
                int k2Offset = vOffset + k2;
                int x2 = (k2 == -d || (k2 != d && backward[k2Offset - 1] < backward[k2Offset + 1]))
                        ? backward[k2Offset + 1]
                        : backward[k2Offset - 1] + 1;
                int y2 = x2 - k2;
                int snake2 = x2;
                while (x2 < n && y2 < m && from.charAt(n - x2 - 1) == to.charAt(m - y2 - 1)) {
                    x2++;
                    y2++;
                }
                budget.spend(x2 - snake2);
                backward[k2Offset] = x2;
                if (x2 > n) {
                    k2End += 2;
                } else if (y2 > m) {
                    k2Start += 2;
                } else if (!forwardMeets) {
                    int k1Offset = vOffset + delta - k2;
                    if (k1Offset >= 0 && k1Offset < vLength && forward[k1Offset] != -1) {
                        int x1 = forward[k1Offset];
                        int y1 = vOffset + x1 - k1Offset;
                        if (x1 >= n - x2) {
                            split(from, to, x1, y1, out, budget);
                            return;
                        }
                    }
                }
            }
        }
        // No common character at all, or the budget ran out: replace the whole stretch.
        out.add(new Edit(Kind.DELETE, from));
        out.add(new Edit(Kind.INSERT, to));
    }

    private static void split(String from, String to, int x, int y, List<Edit> out, DiffBudget budget) {
        if ((x == 0 && y == 0) || (x == from.length() && y == to.length())) {
            // Only reachable with lone surrogates, where fast-diff recurses on the same strings until
            // the stack overflows (quill-delta's diff throws). Any correct answer beats that.
            out.add(new Edit(Kind.DELETE, from));
            out.add(new Edit(Kind.INSERT, to));
            return;
        }
        out.addAll(diff(from.substring(0, x), to.substring(0, y), false, false, budget));
        out.addAll(diff(from.substring(x), to.substring(y), false, false, budget));
    }

    /** Length of the common prefix, one shorter if it would end between the halves of a surrogate pair. */
    static int commonPrefix(String a, String b) {
        return commonPrefix(a, 0, b, 0);
    }

    /** {@link #commonPrefix(String, String)} of {@code a.substring(aStart)} and {@code b.substring(bStart)}, without copying. */
    static int commonPrefix(String a, int aStart, String b, int bStart) {
        int limit = Math.min(a.length() - aStart, b.length() - bStart);
        int i = 0;
        while (i < limit && a.charAt(aStart + i) == b.charAt(bStart + i)) {
            i++;
        }
        if (i > 0 && Character.isHighSurrogate(a.charAt(aStart + i - 1))) {
            i--;
        }
        return i;
    }

    /** Length of the common suffix, one shorter if it would start between the halves of a surrogate pair. */
    static int commonSuffix(String a, String b) {
        return commonSuffix(a, a.length(), b, b.length());
    }

    /** {@link #commonSuffix(String, String)} of {@code a.substring(0, aEnd)} and {@code b.substring(0, bEnd)}, without copying. */
    static int commonSuffix(String a, int aEnd, String b, int bEnd) {
        int limit = Math.min(aEnd, bEnd);
        int i = 0;
        while (i < limit && a.charAt(aEnd - 1 - i) == b.charAt(bEnd - 1 - i)) {
            i++;
        }
        if (i > 0 && Character.isLowSurrogate(a.charAt(aEnd - i))) {
            i--;
        }
        return i;
    }
}
