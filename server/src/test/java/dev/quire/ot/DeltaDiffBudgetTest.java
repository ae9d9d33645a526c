package dev.quire.ot;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeltaDiffBudgetTest {

    private static Delta doc(String text) {
        return Delta.builder().insert(text + "\n").build();
    }

    @Test
    void diff_withAmpleBudget_isExactlyTheUnlimitedDiff() {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("DeltaDiffBudgetTest seed=" + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 500; i++) {
            Delta a = doc(RandomText.of(random, 200));
            Delta b = doc(RandomText.of(random, 200));
            assertEquals(a.diff(b), a.diff(b, 10_000_000), "seed=" + seed + " case " + i);
        }
    }

    @Test
    void diff_whenTheBudgetRunsOut_isStillCorrect_butCoarser() {
        Delta a = doc("the quick brown fox jumps over the lazy dog");
        Delta b = doc("a quick brown cat leaps over one lazy dog");
        Delta coarse = a.diff(b, 1);
        assertEquals(b, a.compose(coarse));
        // The common prefix and suffix are still found; everything between them is replaced at once.
        assertEquals(Delta.builder().insert("a quick brown cat leaps over on").delete(33).build(), coarse);
        assertTrue(a.diff(b).ops().size() > coarse.ops().size());
    }

    @Test
    void diff_ofRepetitiveTexts_stopsWithinItsBudget_andIsCorrect() {
        // Worst cases of the unbounded algorithm: substring search of "aaa…ab" in "aaa…a" (quadratic) and two
        // long texts with no long common stretch (Myers O(N·D) with D ≈ N).
        String many = "a".repeat(400_000);
        Delta a = doc(many);
        Delta b = doc("a".repeat(200_000) + "b" + "a".repeat(150_000) + "c");
        assertEquals(b, a.compose(a.diff(b, 5_000_000)));

        StringBuilder x = new StringBuilder();
        StringBuilder y = new StringBuilder();
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            x.append((char) ('a' + random.nextInt(4)));
            y.append((char) ('a' + random.nextInt(4)));
        }
        DiffBudget budget = new DiffBudget(5_000_000);
        Delta c = doc(x.toString());
        Delta d = doc(y.toString());
        Delta change = DocumentDiff.diff(c, d, budget);
        assertTrue(budget.exhausted(), "this pair needs more than the budget");
        assertEquals(d, c.compose(change));
    }

    @Test
    void linearSearch_agreesWithIndexOf() {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            String text = RandomText.of(random, 40).replaceAll("[^ab]", "a");
            String pattern = RandomText.of(random, 4).replaceAll("[^ab]", "b");
            int from = random.nextInt(text.length() + 2) - 1;
            assertEquals(text.indexOf(pattern, from), new LinearSearch(pattern).indexIn(text, from),
                    "seed=" + seed + " '" + pattern + "' in '" + text + "' from " + from);
        }
    }

    @Test
    void linearSearch_longestPrefixEndingAt_isTheLongestOverlap() {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            String one = RandomText.of(random, 12).replaceAll("[^ab]", "a");
            String two = RandomText.of(random, 12).replaceAll("[^ab]", "b");
            int expected = 0;
            for (int k = Math.min(one.length(), two.length()); k > 0; k--) {
                if (one.endsWith(two.substring(0, k))) {
                    expected = k;
                    break;
                }
            }
            assertEquals(expected, new LinearSearch(two).longestPrefixEndingAt(one), "seed=" + seed + " '" + one
                    + "' '" + two + "'");
        }
    }

    /** Random short texts over a small alphabet, so that diffs have common stretches. */
    private static final class RandomText {
        static String of(Random random, int maxLength) {
            int length = random.nextInt(maxLength + 1);
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append("ab c\nd".charAt(random.nextInt(6)));
            }
            return s.toString();
        }
    }
}
