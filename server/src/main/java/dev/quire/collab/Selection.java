package dev.quire.collab;

import dev.quire.ot.Delta;

/** A cursor ({@code length == 0}) or selected range, in UTF-16 code units. */
public record Selection(int index, int length) {
    public Selection {
        if (index < 0 || length < 0) {
            throw new IllegalArgumentException("selection must not be negative: " + index + "," + length);
        }
    }

    /**
     * This selection inside a document of {@code documentLength} units: each end at most at the last cursor
     * position, before the final newline. A client's selection can lie past the end when others deleted text
     * meanwhile (or when the client lies); clamped, it is stored and shown on the text that is there.
     */
    public Selection within(int documentLength) {
        int last = Math.max(0, documentLength - 1);
        int start = Math.min(index, last);
        long end = Math.min((long) index + length, last);
        return new Selection(start, (int) Math.max(0, end - start));
    }

    /** This selection moved through {@code change}, so it stays on the same text. */
    public Selection transform(Delta change) {
        int start = change.transformPosition(index, false);
        int end = length == 0 ? start : change.transformPosition(index + length, false);
        return new Selection(start, Math.max(0, end - start));
    }
}
