package dev.quire.api;

import dev.quire.ot.Delta;
import dev.quire.ot.Op;

/** A document's text without formats; embeds are left out (as Quill's {@code getText} does). */
final class PlainText {
    private PlainText() {
    }

    static String of(Delta document) {
        StringBuilder text = new StringBuilder();
        for (Op op : document.ops()) {
            if (op instanceof Op.Insert insert) {
                text.append(insert.text());
            }
        }
        return text.toString();
    }
}
