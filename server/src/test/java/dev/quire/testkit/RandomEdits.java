package dev.quire.testkit;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import dev.quire.ot.Op;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * Random edits a user could make to a document of a given length: typing, pasting, deleting,
 * formatting (and unformatting) ranges, inserting embeds. Never touches the final newline.
 * Deterministic for a given {@link Random}.
 */
public final class RandomEdits {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz     \n";
    private static final String[] FORMATS = {"bold", "italic", "underline"};

    private RandomEdits() {
    }

    public static Delta next(Random random, int documentLength) {
        return next(random, documentLength, IntUnaryOperator.identity(), IntUnaryOperator.identity());
    }

    /**
     * As {@link #next(Random, int)} for {@code document}, whose text may hold surrogate pairs (other clients type
     * them): no edit starts or ends between the two halves of one, which the server refuses.
     */
    public static Delta next(Random random, Delta document) {
        StringBuilder units = new StringBuilder(document.length());
        for (Op op : document.ops()) {
            units.append(op instanceof Op.Insert insert ? insert.text() : "\uFFFC");
        }
        IntPredicate inPair = p -> p > 0 && p < units.length() && Character.isHighSurrogate(units.charAt(p - 1))
                && Character.isLowSurrogate(units.charAt(p));
        return next(random, units.length(), p -> inPair.test(p) ? p - 1 : p, p -> inPair.test(p) ? p + 1 : p);
    }

    /** {@code before} and {@code after} move a drawn start or end position to a permitted one. */
    private static Delta next(Random random, int documentLength, IntUnaryOperator before, IntUnaryOperator after) {
        int editable = documentLength - 1; // the final newline stays
        int roll = random.nextInt(100);
        if (roll < 55 || editable == 0) {
            return Delta.builder().retain(before.applyAsInt(random.nextInt(editable + 1)))
                    .insert(text(random), attributes(random)).build();
        }
        int drawn = random.nextInt(editable);
        int start = before.applyAsInt(drawn);
        int length = after.applyAsInt(drawn + 1 + random.nextInt(Math.min(8, editable - drawn))) - start;
        if (roll < 80) {
            return Delta.builder().retain(start).delete(length).build();
        }
        if (roll < 95) {
            String format = FORMATS[random.nextInt(FORMATS.length)];
            AttributeMap attrs = AttributeMap.of(format, random.nextBoolean() ? Boolean.TRUE : null);
            return Delta.builder().retain(start).retain(length, attrs).build();
        }
        return Delta.builder().retain(before.applyAsInt(random.nextInt(editable + 1)))
                .insert(Embed.of("image", "https://example.com/" + random.nextInt(100) + ".png"), AttributeMap.EMPTY)
                .build();
    }

    private static String text(Random random) {
        int length = random.nextInt(10) < 8 ? 1 : 2 + random.nextInt(12);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private static AttributeMap attributes(Random random) {
        return random.nextInt(5) == 0 ? AttributeMap.of(FORMATS[random.nextInt(FORMATS.length)], true) : AttributeMap.EMPTY;
    }
}
