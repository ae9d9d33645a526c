package dev.quire.ot;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generator of documents and changes for property tests: small alphabets so that merges,
 * equal attributes, repeated text, surrogate pairs, U+0000 and embeds occur often.
 */
final class RandomDeltas {
    private static final String[] PIECES = {
        "a", "b", "c", "ab", "abc", " ", "\n", "\n\n", "hello", "world", ".", "😀", "😀b", "\u0000", "x y", "\r\n",
    };
    private static final AttributeMap[] FORMATS = {
        AttributeMap.of("bold", true),
        AttributeMap.of("italic", true),
        AttributeMap.of("bold", true, "italic", true),
        AttributeMap.of("color", "red"),
        AttributeMap.of("color", "blue"),
        AttributeMap.of("link", "https://example.com", "bold", true),
        AttributeMap.of("header", 1),
        AttributeMap.of("list", List.of("a", 1)),
        AttributeMap.of("font", Map.of("family", "serif")),
    };
    private static final AttributeMap[] REMOVALS = {
        AttributeMap.of("bold", null),
        AttributeMap.of("color", null),
        AttributeMap.of("bold", null, "italic", true),
        AttributeMap.of("link", null, "color", "red"),
    };
    private static final Embed[] EMBEDS = {
        Embed.of("image", "https://example.com/a.png"),
        Embed.of("image", "https://example.com/b.png"),
        Embed.of("video", "https://example.com/v.mp4"),
        Embed.of("formula", Map.of("tex", "x^2")),
    };

    private final Random random;

    RandomDeltas(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    /** A document ending with a newline, of roughly {@code maxOps} inserts. */
    Delta document(int maxOps) {
        Delta.Builder builder = Delta.builder();
        int ops = random.nextInt(maxOps + 1);
        for (int i = 0; i < ops; i++) {
            if (random.nextInt(8) == 0) {
                builder.insert(pick(EMBEDS), maybeFormat());
            } else {
                builder.insert(text(), maybeFormat());
            }
        }
        builder.insert("\n", random.nextInt(4) == 0 ? AttributeMap.of("header", 2) : AttributeMap.EMPTY);
        return builder.build();
    }

    /** A change that retains and deletes within {@code baseLength} (never past it); no embed changes. */
    Delta change(int baseLength, int maxOps) {
        return change(baseLength, maxOps, true);
    }

    /**
     * @param nullInserts whether inserts may carry null attribute values (real documents never
     *     hold them, so changes meant to produce a clean document leave them out)
     */
    Delta change(int baseLength, int maxOps, boolean nullInserts) {
        Delta.Builder builder = Delta.builder();
        int left = baseLength;
        int ops = random.nextInt(maxOps + 1);
        for (int i = 0; i < ops; i++) {
            int kind = random.nextInt(10);
            if (kind < 3) {
                if (random.nextInt(6) == 0) {
                    builder.insert(pick(EMBEDS), maybeFormat());
                } else {
                    builder.insert(text(), nullInserts && random.nextInt(4) == 0 ? pick(REMOVALS) : maybeFormat());
                }
            } else if (left > 0 && kind < 6) {
                int count = 1 + random.nextInt(Math.min(left, 6));
                builder.delete(count);
                left -= count;
            } else if (left > 0) {
                int count = 1 + random.nextInt(Math.min(left, 8));
                int format = random.nextInt(6);
                AttributeMap attributes = format < 3 ? AttributeMap.EMPTY : format < 5 ? pick(FORMATS) : pick(REMOVALS);
                builder.retain(count, attributes);
                left -= count;
            }
        }
        return builder.build();
    }

    /** A document similar to {@code document}: it with a random change before its final newline. */
    Delta similar(Delta document, int maxOps) {
        return document.compose(change(document.length() - 1, maxOps, false));
    }

    private String text() {
        StringBuilder text = new StringBuilder();
        int pieces = 1 + random.nextInt(3);
        for (int i = 0; i < pieces; i++) {
            text.append(pick(PIECES));
        }
        return text.toString();
    }

    private AttributeMap maybeFormat() {
        return random.nextInt(3) == 0 ? pick(FORMATS) : AttributeMap.EMPTY;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
