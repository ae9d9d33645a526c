package dev.quire.ot;

/**
 * fast-diff's half-match shortcut: if both strings share a substring at least half as long as the
 * longer one, the diff splits around it. It can give a non-minimal diff, but fast-diff always uses
 * it, so {@link TextDiff} must too.
 */
final class HalfMatch {
    private HalfMatch() {
    }

    /**
     * The split around a long common substring, or null: {@code [fromBefore, fromAfter, toBefore,
     * toAfter, common]}.
     */
    static String[] find(String from, String to, DiffBudget budget) {
        boolean fromLonger = from.length() > to.length();
        String longer = fromLonger ? from : to;
        String shorter = fromLonger ? to : from;
        if (longer.length() < 4 || shorter.length() * 2 < longer.length()) {
            return null;
        }
        // Seeds: the quarter of `longer` starting at its second quarter, then at its middle.
        String[] second = seeded(longer, shorter, (longer.length() + 3) / 4, budget);
        String[] third = seeded(longer, shorter, (longer.length() + 1) / 2, budget);
        String[] best;
        if (second == null && third == null) {
            return null;
        } else if (third == null) {
            best = second;
        } else if (second == null) {
            best = third;
        } else {
            best = second[4].length() > third[4].length() ? second : third;
        }
        if (fromLonger) {
            return best;
        }
        return new String[] {best[2], best[3], best[0], best[1], best[4]};
    }

    /**
     * The longest common stretch around any occurrence in {@code shorter} of the quarter-length
     * seed at {@code start} in {@code longer}, if it is at least half of {@code longer}:
     * {@code [longerBefore, longerAfter, shorterBefore, shorterAfter, common]}.
     */
    private static String[] seeded(String longer, String shorter, int start, DiffBudget budget) {
        String seed = longer.substring(start, Math.min(longer.length(), start + longer.length() / 4));
        int bestLength = 0;
        int bestPrefix = 0;
        int bestSuffix = 0;
        int bestJ = 0;
        int j = -1;
        LinearSearch search = new LinearSearch(seed);
        if (!budget.spend(shorter.length())) {
            return null;
        }
        while ((j = search.indexIn(shorter, j + 1)) != -1) {
            int prefix = TextDiff.commonPrefix(longer, start, shorter, j);
            int suffix = TextDiff.commonSuffix(longer, start, shorter, j);
            // A repetitive text has many occurrences, each compared outwards: the quadratic case.
            if (!budget.spend(seed.length() + prefix + suffix)) {
                return null;
            }
            if (bestLength < suffix + prefix) {
                bestLength = suffix + prefix;
                bestJ = j;
                bestPrefix = prefix;
                bestSuffix = suffix;
            }
        }
        if (bestLength * 2 < longer.length()) {
            return null;
        }
        return new String[] {
            longer.substring(0, start - bestSuffix),
            longer.substring(start + bestPrefix),
            shorter.substring(0, bestJ - bestSuffix),
            shorter.substring(bestJ + bestPrefix),
            shorter.substring(bestJ - bestSuffix, bestJ + bestPrefix),
        };
    }
}
