package dev.quire.ot;

/**
 * Finds the occurrences of one pattern in a text in linear time (Knuth-Morris-Pratt), with the same answers as
 * {@link String#indexOf(String, int)}, whose naive search is O(N·M) on repetitive input ("aaa…ab" in "aaa…a").
 */
final class LinearSearch {
    private final String pattern;
    private final int[] fallback;

    LinearSearch(String pattern) {
        this.pattern = pattern;
        this.fallback = new int[pattern.length() + 1];
        fallback[0] = -1;
        int k = -1;
        for (int i = 0; i < pattern.length(); i++) {
            while (k >= 0 && pattern.charAt(k) != pattern.charAt(i)) {
                k = fallback[k];
            }
            fallback[i + 1] = ++k;
        }
    }

    /** The first index at or after {@code from} where the pattern starts in {@code text}, or -1. */
    int indexIn(String text, int from) {
        if (pattern.isEmpty()) {
            return Math.min(Math.max(from, 0), text.length());
        }
        int k = 0;
        for (int i = Math.max(from, 0); i < text.length(); i++) {
            while (k >= 0 && pattern.charAt(k) != text.charAt(i)) {
                k = fallback[k];
            }
            k++;
            if (k == pattern.length()) {
                return i - pattern.length() + 1;
            }
        }
        return -1;
    }

    /** Length of the longest prefix of the pattern that {@code text} ends with (the pattern may be no longer). */
    int longestPrefixEndingAt(String text) {
        int k = 0;
        for (int i = 0; i < text.length(); i++) {
            if (k == pattern.length()) {
                k = fallback[k];
            }
            while (k >= 0 && pattern.charAt(k) != text.charAt(i)) {
                k = fallback[k];
            }
            k++;
        }
        return k;
    }
}
