package dev.quire.ot.differential;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import dev.quire.ot.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random Quill documents and changes that fit them. Documents are kept as lists of
 * {@link Unit}s (one code point or one embed each), so that no generated length, retain, delete
 * or position ever falls inside a surrogate pair, as in a browser. The model's own tiny "apply"
 * gives the document after a change, to chain changes and to diff realistic versions; it only has
 * to produce plausible inputs, since the results under test come from Java and quill-delta.
 *
 * <p>Not thread-safe (it owns a {@link Random}).
 */
final class DeltaGenerator {
    /** One code point (text of length 1 or 2) or one embed, with its attributes. */
    record Unit(Object content, AttributeMap attributes) {
        int length() {
            return content instanceof String text ? text.length() : 1;
        }
    }

    /** A change, and the document it turns its base document into. */
    record Change(Delta delta, List<Unit> result) {
    }

    // Few letters so that versions share text and diffs have work to do; pairs, combining marks,
    // tabs and U+0000 (quill-delta's embed placeholder in diff) on purpose.
    private static final String[] CODE_POINTS = {
        "a", "b", "c", "a", "b", " ", " ", "\n", "\n", "😀", "😁", "𝒳", "é", "\u0301", "中", "\t", "\u0000",
    };
    private static final Object[] COLORS = {"#ff0000", "red", "rgb(0, 0, 255)"};
    private static final String[] INLINE_KEYS = {"bold", "italic", "color", "link", "mention", "size"};
    private static final String[] ALL_KEYS = {"bold", "italic", "color", "link", "mention", "size", "header", "list"};

    private final Random random;

    DeltaGenerator(Random random) {
        this.random = random;
    }

    List<Unit> document() {
        return document(random.nextInt(8) == 0 ? random.nextInt(60) : random.nextInt(16));
    }

    /** A document of about {@code size} units (a run may pass it), usually ending with a newline. */
    List<Unit> document(int size) {
        List<Unit> doc = new ArrayList<>();
        while (doc.size() < size) {
            if (random.nextInt(10) == 0) {
                doc.add(new Unit(embed(), embedAttributes()));
                continue;
            }
            // Runs share attributes, as typed text does, so neighbours merge.
            AttributeMap attributes = inlineAttributes();
            for (int n = 1 + random.nextInt(6); n > 0; n--) {
                String codePoint = codePoint();
                doc.add(new Unit(codePoint, codePoint.equals("\n") ? lineAttributes() : attributes));
            }
        }
        if (random.nextInt(10) != 0) {
            doc.add(new Unit("\n", lineAttributes())); // Quill's shape, but not always: quill-delta doesn't care
        }
        return doc;
    }

    static Delta toDelta(List<Unit> units) {
        Delta.Builder builder = Delta.builder();
        for (Unit unit : units) {
            if (unit.content() instanceof String text) {
                builder.insert(text, unit.attributes());
            } else {
                builder.insert((Embed) unit.content(), unit.attributes());
            }
        }
        return builder.build();
    }

    /** A random change that fits {@code doc}: retains (with and without formats), deletes, inserts. */
    Change change(List<Unit> doc) {
        Delta.Builder builder = Delta.builder();
        List<Unit> result = new ArrayList<>();
        int at = 0;
        for (int steps = 1 + random.nextInt(random.nextInt(4) == 0 ? 12 : 5); steps > 0; steps--) {
            int left = doc.size() - at;
            int action = random.nextInt(100);
            if (left == 0 || action < 25) {
                List<Unit> inserted = action % 5 == 0 ? List.of(new Unit(embed(), embedAttributes())) : textRun();
                inserted.forEach(unit -> push(builder, unit));
                result.addAll(inserted);
                continue;
            }
            int count = 1 + random.nextInt(random.nextBoolean() ? Math.min(left, 3) : left);
            List<Unit> covered = doc.subList(at, at + count);
            int length = covered.stream().mapToInt(Unit::length).sum();
            at += count;
            if (action < 45) {
                builder.delete(length);
            } else if (action < 65) {
                AttributeMap format = formatAttributes();
                builder.retain(length, format);
                covered.forEach(u -> result.add(new Unit(u.content(), AttributeMap.compose(u.attributes(), format, false))));
            } else if (action < 72 && covered.get(0).content() instanceof Embed embed) {
                // quill-delta 5's retain of an embed; it needs a handler, so quill-delta often throws: compared too.
                Embed change = random.nextBoolean() ? Embed.of(embed.type(), "changed") : embed();
                builder.retain(change, random.nextBoolean() ? AttributeMap.EMPTY : formatAttributes());
                at -= count - 1;
                result.add(covered.get(0));
            } else {
                builder.retain(length);
                result.addAll(covered);
            }
        }
        if (random.nextInt(4) == 0 && at < doc.size()) {
            builder.retain(doc.subList(at, doc.size()).stream().mapToInt(Unit::length).sum());
        }
        result.addAll(doc.subList(at, doc.size()));
        if (random.nextInt(10) < 7) {
            builder.chop(); // Quill sends chopped deltas; quill-delta's algebra accepts both
        }
        return new Change(builder.build(), result);
    }

    /** A UTF-16 offset into {@code delta} that splits no surrogate pair of its inserted text; sometimes past the end. */
    int offset(Delta delta) {
        List<Integer> boundaries = new ArrayList<>();
        int position = 0;
        boundaries.add(0);
        for (Op op : delta.ops()) {
            if (op instanceof Op.Insert insert) {
                String text = insert.text();
                for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
                    boundaries.add(position + i + Character.charCount(text.codePointAt(i)));
                }
            } else {
                for (int i = 1; i <= op.length(); i++) {
                    boundaries.add(position + i);
                }
            }
            position += op.length();
        }
        if (random.nextInt(20) == 0) {
            return position + 1 + random.nextInt(3);
        }
        return boundaries.get(random.nextInt(boundaries.size()));
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private static void push(Delta.Builder builder, Unit unit) {
        if (unit.content() instanceof String text) {
            builder.insert(text, unit.attributes());
        } else {
            builder.insert((Embed) unit.content(), unit.attributes());
        }
    }

    private List<Unit> textRun() {
        AttributeMap attributes = inlineAttributes();
        List<Unit> run = new ArrayList<>();
        for (int n = 1 + random.nextInt(5); n > 0; n--) {
            String codePoint = codePoint();
            run.add(new Unit(codePoint, codePoint.equals("\n") ? lineAttributes() : attributes));
        }
        return run;
    }

    private String codePoint() {
        return CODE_POINTS[random.nextInt(CODE_POINTS.length)];
    }

    private Embed embed() {
        return switch (random.nextInt(5)) {
            case 0 -> Embed.of("image", "https://example.com/a.png");
            case 1 -> Embed.of("image", "b.png");
            case 2 -> Embed.of("video", "https://example.com/v.mp4");
            case 3 -> Embed.of("formula", "e=mc^2");
            default -> Embed.of("table", ordered("rows", 2, "cols", List.of(1, 2)));
        };
    }

    private AttributeMap inlineAttributes() {
        return random.nextInt(5) < 2 ? AttributeMap.EMPTY : attributes(INLINE_KEYS, 3);
    }

    private AttributeMap lineAttributes() {
        if (random.nextInt(5) < 3) {
            return AttributeMap.EMPTY;
        }
        return random.nextBoolean() ? AttributeMap.of("header", (long) (1 + random.nextInt(3)))
                : AttributeMap.of("list", random.nextBoolean() ? "bullet" : "ordered");
    }

    private AttributeMap embedAttributes() {
        return random.nextInt(10) < 7 ? AttributeMap.EMPTY : AttributeMap.of("width", random.nextBoolean() ? "300" : "50%");
    }

    /** Attributes for a retain: like inline ones, but a third of the values are null (remove the format). */
    private AttributeMap formatAttributes() {
        return attributes(ALL_KEYS, 30);
    }

    private AttributeMap attributes(String[] keys, int nullPercent) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            String key = keys[random.nextInt(keys.length)];
            map.put(key, random.nextInt(100) < nullPercent ? null : value(key));
        }
        return AttributeMap.of(map);
    }

    private Object value(String key) {
        return switch (key) {
            case "bold", "italic" -> Boolean.TRUE;
            case "color" -> COLORS[random.nextInt(COLORS.length)];
            case "link" -> random.nextBoolean() ? "https://example.com/a?b=1" : "https://quire.dev/";
            case "mention" -> random.nextBoolean()
                    ? ordered("id", 42, "name", "Ann", "tags", List.of("a", "b"))
                    : ordered("id", 7, "name", "Bo", "tags", List.of());
            case "size" -> random.nextBoolean() ? 1.5 : 12;
            case "header" -> (long) (1 + random.nextInt(3));
            default -> random.nextBoolean() ? "bullet" : "ordered";
        };
    }

    /** A map in the given key order: Map.of's order varies between JVM runs, and seeds must replay exactly. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
