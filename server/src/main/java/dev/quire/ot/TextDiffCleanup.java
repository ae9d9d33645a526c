package dev.quire.ot;

import dev.quire.ot.TextDiff.Edit;
import dev.quire.ot.TextDiff.Kind;
import java.util.List;

/**
 * fast-diff 1.3.0's clean-ups of an edit script, step for step: the result feeds
 * {@link Delta#diff}, which must match the browser's, so even cosmetic choices (which of two equal
 * boundaries an edit moves to) are kept. Edits are rewritten in place.
 */
final class TextDiffCleanup {
    private TextDiffCleanup() {
    }

    /**
     * Merges neighbouring edits of a kind, factors common text out of delete/insert pairs, drops
     * empty edits, and slides single edits over an equality when that removes it.
     *
     * @param keepPairs move stray surrogate halves from equalities into the edits next to them,
     *     so no equality starts or ends inside a pair (fast-diff does this at the top level only)
     */
    static void merge(List<Edit> edits, boolean keepPairs) {
        // fast-diff repeats the merge after every slide. Each slide removes an equality, so with
        // well-formed text this ends quickly; with lone surrogates the pair repair and the slide can
        // undo each other forever (fast-diff overflows its stack). The bound only stops that cycle;
        // every round leaves a correct script.
        int rounds = 2 * edits.size() + 8;
        while (mergeOnce(edits, keepPairs) && --rounds > 0) {
            // another round
        }
    }

    /** One merge pass; true if edits slid and another pass is needed. */
    private static boolean mergeOnce(List<Edit> edits, boolean keepPairs) {
        edits.add(new Edit(Kind.EQUAL, ""));
        int pointer = 0;
        int deletes = 0;
        int inserts = 0;
        String deleted = "";
        String inserted = "";
        while (pointer < edits.size()) {
            Edit current = edits.get(pointer);
            if (pointer < edits.size() - 1 && current.text.isEmpty()) {
                edits.remove(pointer);
                continue;
            }
            if (current.kind == Kind.INSERT) {
                inserts++;
                inserted += current.text;
                pointer++;
                continue;
            }
            if (current.kind == Kind.DELETE) {
                deletes++;
                deleted += current.text;
                pointer++;
                continue;
            }
            int previousEquality = pointer - inserts - deletes - 1;
            if (keepPairs) {
                if (previousEquality >= 0 && endsWithHighSurrogate(edits.get(previousEquality).text)) {
                    Edit previous = edits.get(previousEquality);
                    String stray = previous.text.substring(previous.text.length() - 1);
                    previous.text = previous.text.substring(0, previous.text.length() - 1);
                    deleted = stray + deleted;
                    inserted = stray + inserted;
                    if (previous.text.isEmpty()) {
                        // The equality vanished: the edits before it join this run.
                        edits.remove(previousEquality);
                        pointer--;
                        int k = previousEquality - 1;
                        if (k >= 0 && edits.get(k).kind == Kind.INSERT) {
                            inserts++;
                            inserted = edits.get(k).text + inserted;
                            k--;
                        }
                        if (k >= 0 && edits.get(k).kind == Kind.DELETE) {
                            deletes++;
                            deleted = edits.get(k).text + deleted;
                            k--;
                        }
                        previousEquality = k;
                    }
                }
                if (startsWithLowSurrogate(current.text)) {
                    String stray = current.text.substring(0, 1);
                    current.text = current.text.substring(1);
                    deleted += stray;
                    inserted += stray;
                }
            }
            if (pointer < edits.size() - 1 && current.text.isEmpty()) {
                // An emptied equality in the middle: keep collecting edits up to the next one.
                edits.remove(pointer);
                continue;
            }
            if (!deleted.isEmpty() || !inserted.isEmpty()) {
                if (!deleted.isEmpty() && !inserted.isEmpty()) {
                    int common = TextDiff.commonPrefix(inserted, deleted);
                    if (common != 0) {
                        String head = inserted.substring(0, common);
                        if (previousEquality >= 0) {
                            edits.get(previousEquality).text += head;
                        } else {
                            edits.add(0, new Edit(Kind.EQUAL, head));
                            pointer++;
                        }
                        inserted = inserted.substring(common);
                        deleted = deleted.substring(common);
                    }
                    common = TextDiff.commonSuffix(inserted, deleted);
                    if (common != 0) {
                        current.text = inserted.substring(inserted.length() - common) + current.text;
                        inserted = inserted.substring(0, inserted.length() - common);
                        deleted = deleted.substring(0, deleted.length() - common);
                    }
                }
                int run = inserts + deletes;
                List<Edit> replaced = edits.subList(pointer - run, pointer);
                replaced.clear();
                if (!deleted.isEmpty()) {
                    replaced.add(new Edit(Kind.DELETE, deleted));
                }
                if (!inserted.isEmpty()) {
                    replaced.add(new Edit(Kind.INSERT, inserted));
                }
                pointer = pointer - run + replaced.size();
            }
            if (pointer != 0 && edits.get(pointer - 1).kind == Kind.EQUAL) {
                edits.get(pointer - 1).text += current.text;
                edits.remove(pointer);
            } else {
                pointer++;
            }
            inserts = 0;
            deletes = 0;
            deleted = "";
            inserted = "";
        }
        if (edits.get(edits.size() - 1).text.isEmpty()) {
            edits.remove(edits.size() - 1);
        }
        return slideOverEqualities(edits);
    }

    /** A single edit between equalities that ends (starts) like the equality before (after) it slides over it: A<ins>BA</ins>C → <ins>AB</ins>AC. */
    private static boolean slideOverEqualities(List<Edit> edits) {
        boolean changed = false;
        for (int pointer = 1; pointer < edits.size() - 1; pointer++) {
            Edit before = edits.get(pointer - 1);
            Edit edit = edits.get(pointer);
            Edit after = edits.get(pointer + 1);
            if (before.kind != Kind.EQUAL || after.kind != Kind.EQUAL) {
                continue;
            }
            if (edit.text.endsWith(before.text)) {
                edit.text = before.text + edit.text.substring(0, edit.text.length() - before.text.length());
                after.text = before.text + after.text;
                edits.remove(pointer - 1);
                changed = true;
            } else if (edit.text.startsWith(after.text)) {
                before.text += after.text;
                edit.text = edit.text.substring(after.text.length()) + after.text;
                edits.remove(pointer + 1);
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Turns equalities no longer than the edits on both sides into a delete plus insert, then
     * aligns edits with word and line boundaries and pulls overlaps of a delete and the insert
     * after it out as equalities.
     */
    static void semantic(List<Edit> edits) {
        boolean changed = false;
        // A stack of equality positions. fast-diff lets its height go below zero when it drops two
        // entries from a stack of one; later reads then hit those slots, so the stack is kept with
        // room below zero to behave identically. Each drop removes an equality, bounding the depth.
        int floor = edits.size() + 2;
        int[] equalities = new int[2 * floor + 2];
        int equalityCount = 0;
        String lastEquality = null;
        int pointer = 0;
        int insertedBefore = 0;
        int deletedBefore = 0;
        int insertedAfter = 0;
        int deletedAfter = 0;
        while (pointer < edits.size()) {
            Edit edit = edits.get(pointer);
            if (edit.kind == Kind.EQUAL) {
                if (floor + equalityCount == equalities.length) {
                    equalities = java.util.Arrays.copyOf(equalities, equalities.length * 2);
                }
                equalities[floor + equalityCount++] = pointer;
                insertedBefore = insertedAfter;
                deletedBefore = deletedAfter;
                insertedAfter = 0;
                deletedAfter = 0;
                lastEquality = edit.text;
            } else {
                if (edit.kind == Kind.INSERT) {
                    insertedAfter += edit.text.length();
                } else {
                    deletedAfter += edit.text.length();
                }
                if (lastEquality != null && !lastEquality.isEmpty()
                        && lastEquality.length() <= Math.max(insertedBefore, deletedBefore)
                        && lastEquality.length() <= Math.max(insertedAfter, deletedAfter)) {
                    int at = equalities[floor + equalityCount - 1];
                    edits.add(at, new Edit(Kind.DELETE, lastEquality));
                    edits.get(at + 1).kind = Kind.INSERT;
                    // Drop this equality and the one before it, which must be looked at again.
                    equalityCount -= 2;
                    pointer = equalityCount > 0 ? equalities[floor + equalityCount - 1] : -1;
                    insertedBefore = 0;
                    deletedBefore = 0;
                    insertedAfter = 0;
                    deletedAfter = 0;
                    lastEquality = null;
                    changed = true;
                }
            }
            pointer++;
        }
        if (changed) {
            merge(edits, false);
        }
        SemanticAlignment.alignToBoundaries(edits);
        SemanticAlignment.extractOverlaps(edits);
    }

    private static boolean endsWithHighSurrogate(String text) {
        return !text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1));
    }

    private static boolean startsWithLowSurrogate(String text) {
        return !text.isEmpty() && Character.isLowSurrogate(text.charAt(0));
    }
}
