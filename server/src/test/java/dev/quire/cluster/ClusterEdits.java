package dev.quire.cluster;

import dev.quire.ot.Delta;
import dev.quire.ot.Op;
import dev.quire.testkit.RandomEdits;
import java.util.Random;

/**
 * The random edits of the cluster tests: {@link RandomEdits} (typing, deleting, formatting, embeds), and emoji -
 * characters of two UTF-16 units, which every node and client must count alike - typed between pairs, never inside
 * one. Deterministic for a given {@link Random}.
 */
final class ClusterEdits {
    private static final String[] EMOJI = {"😀", "🎉", "👍🏽", "🇳🇴", "🧪"};

    private ClusterEdits() {
    }

    static Delta next(Random random, Delta document) {
        if (random.nextInt(8) != 0) {
            return RandomEdits.next(random, document);
        }
        StringBuilder units = new StringBuilder(document.length());
        for (Op op : document.ops()) {
            units.append(op instanceof Op.Insert insert ? insert.text() : "\uFFFC");
        }
        int at = random.nextInt(units.length()); // before the final newline at the latest
        if (at > 0 && Character.isHighSurrogate(units.charAt(at - 1)) && Character.isLowSurrogate(units.charAt(at))) {
            at--;
        }
        return Delta.builder().retain(at).insert(EMOJI[random.nextInt(EMOJI.length)]).build();
    }
}
