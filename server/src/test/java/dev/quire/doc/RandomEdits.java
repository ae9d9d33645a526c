package dev.quire.doc;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import java.util.List;
import java.util.Random;

/**
 * Random documents and changes for the equivalence tests: mostly valid changes of every kind
 * (typing, pastes large enough to split leaves, deletes large enough to merge them, formats
 * with and without nulls, embeds, surrogate pairs) and a few that must be rejected.
 */
final class RandomEdits {
    private static final List<AttributeMap> ATTRIBUTES = List.of(
            AttributeMap.of("bold", true), AttributeMap.of("italic", true), AttributeMap.of("bold", null),
            AttributeMap.of("color", "red"), AttributeMap.of("color", "blue"),
            AttributeMap.of("bold", true, "color", "red"), AttributeMap.of("link", "https://quire.dev"),
            AttributeMap.of("header", 1), AttributeMap.of("color", null, "italic", null));
    private static final List<Embed> EMBEDS = List.of(Embed.of("image", "a.png"), Embed.of("video", "v.mp4"));
    private static final String ALPHABET = "abcdefghij \n\uD83D\uDE00\u00e9";

    private final Random random;

    RandomEdits(long seed) {
        random = new Random(seed);
    }

    /** A document of about {@code length} units with runs of varied attributes and a few embeds. */
    Delta document(int length) {
        Delta.Builder builder = Delta.builder();
        int n = 0;
        while (n < length) {
            if (random.nextInt(20) == 0) {
                builder.insert(embed(), attributes());
                n++;
            } else {
                String text = text(1 + random.nextInt(300));
                builder.insert(text, attributes());
                n += text.length();
            }
        }
        return builder.insert("\n").build();
    }

    /** A change to a document of {@code length}; about one in twenty does not fit it. */
    Delta change(int length) {
        if (random.nextInt(20) == 0) {
            return invalidChange(length);
        }
        Delta.Builder builder = Delta.builder();
        int pos = 0;
        int segments = 1 + random.nextInt(3);
        for (int s = 0; s < segments && pos < length - 1; s++) {
            int skip = random.nextInt(length - 1 - pos);
            pos += skip;
            builder.retain(skip);
            int room = length - 1 - pos;
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> builder.insert(text(random.nextInt(50) == 0 ? 3000 : 1 + random.nextInt(8)), attributes());
                case 4 -> builder.insert(embed(), attributes());
                case 5, 6 -> {
                    int n = Math.min(room, random.nextInt(30) == 0 ? random.nextInt(length / 4 + 1) : 1 + random.nextInt(20));
                    builder.delete(n);
                    pos += n;
                }
                default -> {
                    // May format the final newline too: that is allowed.
                    int n = Math.min(length - pos, random.nextInt(10) == 0 ? random.nextInt(length) : 1 + random.nextInt(40));
                    builder.retain(n, nonEmptyAttributes());
                    pos += n;
                }
            }
        }
        if (random.nextBoolean() && pos < length) {
            builder.retain(length - pos); // a trailing plain retain, as some clients send
        }
        return builder.build();
    }

    private Delta invalidChange(int length) {
        return switch (random.nextInt(6)) {
            case 5 -> Delta.builder().retain(random.nextInt(length)).retain(embed(), AttributeMap.EMPTY)
                    .retain(length).build();
            case 0 -> Delta.builder().retain(random.nextInt(length)).delete(length).build();
            case 1 -> Delta.builder().retain(length - 1).delete(1).build();
            case 2 -> Delta.builder().retain(length).insert("x").build();
            case 3 -> Delta.builder().retain(random.nextInt(length + 1)).retain(embed(), AttributeMap.EMPTY).build();
            default -> Delta.builder().retain(1 + length, nonEmptyAttributes()).build();
        };
    }

    private String text(int n) {
        StringBuilder text = new StringBuilder(n + 1);
        while (text.length() < n) {
            text.append(random.nextInt(4) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length())) : 'x');
        }
        return text.toString();
    }

    private Embed embed() {
        return EMBEDS.get(random.nextInt(EMBEDS.size()));
    }

    private AttributeMap attributes() {
        return random.nextInt(3) == 0 ? nonEmptyAttributes() : AttributeMap.EMPTY;
    }

    private AttributeMap nonEmptyAttributes() {
        return ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size()));
    }
}
