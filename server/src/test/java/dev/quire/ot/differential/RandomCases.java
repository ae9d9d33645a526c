package dev.quire.ot.differential;

import dev.quire.ot.Delta;
import dev.quire.ot.differential.DeltaGenerator.Change;
import dev.quire.ot.differential.DeltaGenerator.Unit;
import dev.quire.ot.differential.DifferentialCase.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random {@link DifferentialCase}s for each operation, mostly inputs that fit each other as in an
 * editor (a change and the document it was made on, two changes on the same document), plus a
 * few that do not (quill-delta gives them results too, and Java must give the same).
 */
final class RandomCases {
    private RandomCases() {
    }

    /**
     * {@code count} cases of {@code operation}, from a generator seeded with {@code seed} and the
     * operation, so that each operation's cases replay alike whatever the others do. Operations
     * with a priority get {@code count} cases for each priority.
     */
    static List<DifferentialCase> generate(Operation operation, long seed, int count) {
        DeltaGenerator g = new DeltaGenerator(new Random(seed ^ (0x9E3779B97F4A7C15L * (operation.ordinal() + 1))));
        boolean hasPriority = operation.arguments.contains("priority");
        int total = hasPriority ? 2 * count : count;
        List<DifferentialCase> cases = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            cases.add(next(operation, g, i % 2 == 0));
        }
        return cases;
    }

    private static DifferentialCase next(Operation operation, DeltaGenerator g, boolean priority) {
        List<Unit> doc = g.document();
        Delta document = DeltaGenerator.toDelta(doc);
        Change change = g.change(doc);
        return switch (operation) {
            case COMPOSE -> {
                if (g.chance(45)) {
                    yield DifferentialCase.of(operation, document, change.delta());
                }
                if (g.chance(85)) {
                    yield DifferentialCase.of(operation, change.delta(), g.change(change.result()).delta());
                }
                yield DifferentialCase.of(operation, change.delta(), unfitted(g)); // lengths need not match
            }
            case TRANSFORM -> {
                Delta other = g.chance(90) ? g.change(doc).delta() : unfitted(g);
                yield new DifferentialCase(operation, change.delta(), other, 0, 0, priority);
            }
            case TRANSFORM_POSITION -> {
                Delta a = g.chance(90) ? change.delta() : document;
                yield new DifferentialCase(operation, a, null, g.offset(document), 0, priority);
            }
            case INVERT -> DifferentialCase.of(operation, change.delta(), document);
            case DIFF -> {
                if (g.chance(15)) {
                    // A long document and a version two edits away: fast-diff's half-match and cleanup paths.
                    List<Unit> longDoc = g.document(100 + g.nextInt(300));
                    List<Unit> version = g.change(g.change(longDoc).result()).result();
                    yield DifferentialCase.of(operation, DeltaGenerator.toDelta(longDoc), DeltaGenerator.toDelta(version));
                }
                int kind = g.chance(80) ? 0 : g.chance(50) ? 1 : g.chance(50) ? 2 : 3;
                Delta other = switch (kind) {
                    case 0 -> DeltaGenerator.toDelta(change.result()); // a version of the same document
                    case 1 -> DeltaGenerator.toDelta(g.document()); // an unrelated document
                    case 2 -> document;
                    default -> change.delta(); // not a document unless all inserts: quill-delta throws
                };
                yield DifferentialCase.of(operation, document, other);
            }
            case SLICE -> {
                Delta a = g.chance(50) ? document : change.delta();
                int start = g.offset(a);
                int end = g.chance(10) ? Integer.MAX_VALUE : Math.max(start, g.offset(a));
                yield new DifferentialCase(operation, a, null, start, end, false);
            }
            case CONCAT -> DifferentialCase.of(operation, g.chance(50) ? document : change.delta(),
                    g.chance(50) ? DeltaGenerator.toDelta(g.document()) : g.change(g.document()).delta());
            case LENGTH, CHANGE_LENGTH -> DifferentialCase.of(operation, g.chance(30) ? document : change.delta(), null);
        };
    }

    /** A change made on some other document, whose length likely does not match. */
    private static Delta unfitted(DeltaGenerator g) {
        return g.change(g.document()).delta();
    }
}
