package dev.quire.collab;

import dev.quire.ot.Delta;

/** A cursor ({@code length == 0}) or selected range, in UTF-16 code units. */
public record Selection(int index, int length) {
    public Selection {
        if (index < 0 || length < 0) {
            throw new IllegalArgumentException("selection must not be negative: " + index + "," + length);
        }
    }

    /** This selection moved through {@code change}, so it stays on the same text. */
    public Selection transform(Delta change) {
        int start = change.transformPosition(index, false);
        int end = length == 0 ? start : change.transformPosition(index + length, false);
        return new Selection(start, Math.max(0, end - start));
    }
}
