package dev.quire.ot.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.differential.DifferentialCase.Operation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Differential fuzzing of the Java OT against quill-delta 5.1.0 under Node (docs/ot.md, "Verification against
 * quill-delta": Quill in the browser and the server must agree to the character). Thousands of seeded random
 * cases per operation go to one Node process in one batch; each operation then fails on its
 * first difference, with the seed and both outcomes. See docs/ot.md.
 *
 * <p>Seed: system property {@code quire.seed}, else random; always printed. Replay with
 * {@code mvn -B -o test -Dtest=DeltaDifferentialTest -Dsurefire.failIfNoSpecifiedTests=false -Dquire.seed=<seed>}
 * (from the repository root). Cases per operation:
 * {@code quire.differential.cases} (default 2500; operations with a priority get that many for
 * each priority). A failing seed becomes a named case in {@link DeltaDifferentialRegressionTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("heavy")
class DeltaDifferentialTest {
    private static final int DEFAULT_CASES_PER_OPERATION = 2500;

    private final long seed = Long.getLong("quire.seed", ThreadLocalRandom.current().nextLong());
    private final Map<Operation, List<DifferentialCase>> cases = new EnumMap<>(Operation.class);
    private final Map<Operation, List<JsonNode>> answers = new EnumMap<>(Operation.class);

    @BeforeAll
    void askQuillDelta() throws Exception {
        System.out.println("DeltaDifferentialTest seed=" + seed + " (replay: " + replay() + ")");
        int count = Integer.getInteger("quire.differential.cases", DEFAULT_CASES_PER_OPERATION);
        List<String> lines = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            List<DifferentialCase> generated = RandomCases.generate(operation, seed, count);
            cases.put(operation, generated);
            generated.forEach(c -> lines.add(c.toJsonLine()));
        }
        long start = System.nanoTime();
        List<JsonNode> all = NodeOracle.answer(lines, DifferentialCase.MAPPER);
        System.out.printf("quill-delta answered %d cases in %d ms%n", all.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        int next = 0;
        for (Operation operation : Operation.values()) {
            int size = cases.get(operation).size();
            answers.put(operation, all.subList(next, next + size));
            next += size;
        }
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    @Timeout(60) // an endless loop in the algebra must fail the build, not hang it
    void javaAgreesWithQuillDelta(Operation operation) {
        List<DifferentialCase> generated = cases.get(operation);
        List<JsonNode> expected = answers.get(operation);
        int errors = 0;
        for (int i = 0; i < generated.size(); i++) {
            String difference = generated.get(i).difference(expected.get(i));
            if (difference != null) {
                fail("seed=" + seed + ", " + operation.jsName + " case #" + i + " of " + generated.size()
                        + " (replay: " + replay() + ")\n" + difference);
            }
            errors += expected.get(i).has("error") ? 1 : 0;
        }
        System.out.printf("%s: %d cases agree (%d where quill-delta throws)%n", operation.jsName, generated.size(), errors);
        // Cases where quill-delta throws are compared too, but they must not crowd out real results.
        assertTrue(errors * 5 < generated.size(), operation.jsName + ": too many cases where quill-delta throws: " + errors);
    }

    private String replay() {
        // failIfNoSpecifiedTests: the web-client module, built first, has no such test.
        return "mvn -B -o test -Dtest=DeltaDifferentialTest -Dsurefire.failIfNoSpecifiedTests=false -Dquire.seed=" + seed;
    }
}
