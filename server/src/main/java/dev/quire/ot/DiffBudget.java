package dev.quire.ot;

/**
 * How much work one {@link Delta#diff} may do, counted in character steps (comparisons and search positions), so
 * that a hostile or unlucky pair of large texts cannot hold a thread for minutes: fast-diff, like the Myers
 * algorithm it follows, is O(N·D) and its substring searches are O(N·M) in the worst case. Counting steps instead
 * of reading a clock keeps the result deterministic: the same inputs and budget always give the same delta.
 *
 * <p>When the budget runs out, the part still to be compared becomes one delete and one insert. The delta is
 * then still correct (it turns the one document into the other), only less minimal than quill-delta's.
 * Not thread-safe: one per diff.
 */
final class DiffBudget {
    private long left;

    DiffBudget(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must not be negative: " + steps);
        }
        this.left = steps;
    }

    /** Unlimited: exactly fast-diff's result, however long it takes. */
    static DiffBudget unlimited() {
        return new DiffBudget(Long.MAX_VALUE);
    }

    /** Spends {@code steps}; false once the budget is exhausted (and from then on). */
    boolean spend(long steps) {
        left = steps >= left ? 0 : left - steps;
        return left > 0;
    }

    boolean exhausted() {
        return left == 0;
    }
}
