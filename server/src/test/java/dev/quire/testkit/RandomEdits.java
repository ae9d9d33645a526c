package dev.quire.testkit;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import java.util.Random;

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
        int editable = documentLength - 1; // the final newline stays
        int roll = random.nextInt(100);
        if (roll < 55 || editable == 0) {
            return Delta.builder().retain(random.nextInt(editable + 1)).insert(text(random), attributes(random)).build();
        }
        int start = random.nextInt(editable);
        int length = 1 + random.nextInt(Math.min(8, editable - start));
        if (roll < 80) {
            return Delta.builder().retain(start).delete(length).build();
        }
        if (roll < 95) {
            String format = FORMATS[random.nextInt(FORMATS.length)];
            AttributeMap attrs = AttributeMap.of(format, random.nextBoolean() ? Boolean.TRUE : null);
            return Delta.builder().retain(start).retain(length, attrs).build();
        }
        return Delta.builder().retain(random.nextInt(editable + 1))
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
