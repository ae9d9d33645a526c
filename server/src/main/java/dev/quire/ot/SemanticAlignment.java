package dev.quire.ot;

import dev.quire.ot.TextDiff.Edit;
import dev.quire.ot.TextDiff.Kind;
import java.util.List;

/**
 * The last two steps of fast-diff's semantic clean-up: sliding single edits to the most natural
 * boundary (blank line, line break, sentence end, space, punctuation), and turning the overlap of a
 * delete with the insert after it into an equality. The character classes are JavaScript's
 * ({@code \s}, {@code [a-zA-Z0-9]}), not Java's, so the scores agree with the browser's.
 */
final class SemanticAlignment {
    private SemanticAlignment() {
    }

    /** Slides each edit between two equalities to where {@link #score} is highest (the last best on a tie). */
    static void alignToBoundaries(List<Edit> edits) {
        int pointer = 1;
        while (pointer < edits.size() - 1) {
            Edit before = edits.get(pointer - 1);
            Edit edit = edits.get(pointer);
            Edit after = edits.get(pointer + 1);
            if (before.kind == Kind.EQUAL && after.kind == Kind.EQUAL) {
                String equality1 = before.text;
                String change = edit.text;
                String equality2 = after.text;
                // First slide the edit as far left as it goes.
                int common = TextDiff.commonSuffix(equality1, change);
                if (common != 0) {
                    String moved = change.substring(change.length() - common);
                    equality1 = equality1.substring(0, equality1.length() - common);
                    change = moved + change.substring(0, change.length() - common);
                    equality2 = moved + equality2;
                }
                // Then step right one character at a time, keeping the best-scoring position. The edit is a
                // window [at, at + length) sliding over the three texts joined: no copies per step, so a long
                // repetitive stretch costs linear time, not quadratic.
                String joined = equality1 + change + equality2;
                int length = change.length();
                int at = equality1.length();
                int bestAt = at;
                int bestScore = score(joined, 0, at, at + length) + score(joined, at, at + length, joined.length());
                while (at + length < joined.length() && joined.charAt(at) == joined.charAt(at + length)) {
                    at++;
                    int score = score(joined, 0, at, at + length) + score(joined, at, at + length, joined.length());
                    // >= prefers trailing rather than leading whitespace in an edit.
                    if (score >= bestScore) {
                        bestScore = score;
                        bestAt = at;
                    }
                }
                String bestEquality1 = joined.substring(0, bestAt);
                String bestChange = joined.substring(bestAt, bestAt + length);
                String bestEquality2 = joined.substring(bestAt + length);
                if (!before.text.equals(bestEquality1)) {
                    if (!bestEquality1.isEmpty()) {
                        before.text = bestEquality1;
                    } else {
                        edits.remove(pointer - 1);
                        pointer--;
                    }
                    edit.text = bestChange;
                    if (!bestEquality2.isEmpty()) {
                        after.text = bestEquality2;
                    } else {
                        edits.remove(pointer + 1);
                        pointer--;
                    }
                }
            }
            pointer++;
        }
    }

    /**
     * How natural the boundary between {@code one} and {@code two} is, from 6 (an end of the text)
     * down to 0 (inside a word).
     */
    static int score(String one, String two) {
        String joined = one + two;
        return score(joined, 0, one.length(), joined.length());
    }

    /** {@link #score(String, String)} of {@code text[oneStart, cut)} and {@code text[cut, twoEnd)}, without copying. */
    static int score(String text, int oneStart, int cut, int twoEnd) {
        if (cut == oneStart || cut == twoEnd) {
            return 6;
        }
        char char1 = text.charAt(cut - 1);
        char char2 = text.charAt(cut);
        boolean nonAlphaNumeric1 = !isAsciiAlphaNumeric(char1);
        boolean nonAlphaNumeric2 = !isAsciiAlphaNumeric(char2);
        boolean whitespace1 = nonAlphaNumeric1 && isJsWhitespace(char1);
        boolean whitespace2 = nonAlphaNumeric2 && isJsWhitespace(char2);
        boolean lineBreak1 = whitespace1 && (char1 == '\r' || char1 == '\n');
        boolean lineBreak2 = whitespace2 && (char2 == '\r' || char2 == '\n');
        boolean blankLine1 = lineBreak1 && (endsWith(text, oneStart, cut, "\n\n") || endsWith(text, oneStart, cut, "\n\r\n"));
        boolean blankLine2 = lineBreak2 && (startsWith(text, cut, twoEnd, "\n\n") || startsWith(text, cut, twoEnd, "\n\r\n")
                || startsWith(text, cut, twoEnd, "\r\n\n") || startsWith(text, cut, twoEnd, "\r\n\r\n"));
        if (blankLine1 || blankLine2) {
            return 5;
        } else if (lineBreak1 || lineBreak2) {
            return 4;
        } else if (nonAlphaNumeric1 && !whitespace1 && whitespace2) {
            return 3;
        } else if (whitespace1 || whitespace2) {
            return 2;
        } else if (nonAlphaNumeric1 || nonAlphaNumeric2) {
            return 1;
        }
        return 0;
    }

    private static boolean endsWith(String text, int start, int end, String suffix) {
        return end - start >= suffix.length() && text.startsWith(suffix, end - suffix.length());
    }

    private static boolean startsWith(String text, int start, int end, String prefix) {
        return end - start >= prefix.length() && text.startsWith(prefix, start);
    }

    private static boolean isAsciiAlphaNumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** JavaScript's {@code \s}: WhiteSpace and LineTerminator of ECMAScript (Unicode Zs plus a few controls). */
    static boolean isJsWhitespace(char c) {
        switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', ' ', '\u00A0', '\u1680', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000', '\uFEFF':
                return true;
            default:
                return c >= '\u2000' && c <= '\u200A';
        }
    }

    /**
     * Where a delete's end equals the following insert's start (or the reverse), and the overlap
     * is at least half of either, turns the overlap into an equality:
     * {@code <del>abcxxx</del><ins>xxxdef</ins>} becomes {@code <del>abc</del>xxx<ins>def</ins>}.
     */
    static void extractOverlaps(List<Edit> edits) {
        int pointer = 1;
        while (pointer < edits.size()) {
            Edit previous = edits.get(pointer - 1);
            Edit current = edits.get(pointer);
            if (previous.kind == Kind.DELETE && current.kind == Kind.INSERT) {
                String deletion = previous.text;
                String insertion = current.text;
                int overlap1 = commonOverlap(deletion, insertion);
                int overlap2 = commonOverlap(insertion, deletion);
                if (overlap1 >= overlap2) {
                    if (2 * overlap1 >= deletion.length() || 2 * overlap1 >= insertion.length()) {
                        edits.add(pointer, new Edit(Kind.EQUAL, insertion.substring(0, overlap1)));
                        previous.text = deletion.substring(0, deletion.length() - overlap1);
                        current.text = insertion.substring(overlap1);
                        pointer++;
                    }
                } else if (2 * overlap2 >= deletion.length() || 2 * overlap2 >= insertion.length()) {
                    // The insert's end matches the delete's start: the insert moves first.
                    edits.add(pointer, new Edit(Kind.EQUAL, deletion.substring(0, overlap2)));
                    previous.kind = Kind.INSERT;
                    previous.text = insertion.substring(0, insertion.length() - overlap2);
                    current.kind = Kind.DELETE;
                    current.text = deletion.substring(overlap2);
                    pointer++;
                }
                pointer++;
            }
            pointer++;
        }
    }

    /** Length of the longest suffix of {@code one} that is a prefix of {@code two}, found as fast-diff does. */
    static int commonOverlap(String one, String two) {
        int oneLength = one.length();
        int twoLength = two.length();
        if (oneLength == 0 || twoLength == 0) {
            return 0;
        }
        if (oneLength > twoLength) {
            one = one.substring(oneLength - twoLength);
        } else if (oneLength < twoLength) {
            two = two.substring(0, oneLength);
        }
        int length = Math.min(oneLength, twoLength);
        if (one.equals(two)) {
            return length;
        }
        // fast-diff grows a candidate suffix with repeated indexOf calls, quadratic on repetitive text; the
        // answer is the same longest suffix-that-is-a-prefix, which a KMP pass finds in linear time.
        return new LinearSearch(two).longestPrefixEndingAt(one);
    }
}
