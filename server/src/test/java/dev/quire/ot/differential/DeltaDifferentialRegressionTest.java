package dev.quire.ot.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-written cases compared with quill-delta 5.1.0, for what random cases reach only by luck:
 * attribute edge cases (null, nested objects, key order), embeds and embed retains, surrogate
 * pairs, and quill-delta's quirks. A seed that once failed {@link DeltaDifferentialTest} is added
 * here under a name saying what it caught. All cases go to one Node process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("heavy")
class DeltaDifferentialRegressionTest {
    private final Map<String, DifferentialCase> cases = new LinkedHashMap<>();
    private final Map<String, JsonNode> answers = new LinkedHashMap<>();

    @BeforeAll
    void askQuillDelta() throws Exception {
        for (Map.Entry<String, String> entry : DifferentialRegressionCases.ALL.entrySet()) {
            cases.put(entry.getKey(), DifferentialCase.fromJson(entry.getValue()));
        }
        List<String> lines = new ArrayList<>();
        cases.values().forEach(c -> lines.add(c.toJsonLine()));
        List<JsonNode> all = NodeOracle.answer(lines, DifferentialCase.MAPPER);
        int i = 0;
        for (String name : cases.keySet()) {
            answers.put(name, all.get(i++));
        }
    }

    Stream<Arguments> names() {
        return DifferentialRegressionCases.ALL.keySet().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void javaAgreesWithQuillDelta(String name) {
        String difference = cases.get(name).difference(answers.get(name));
        if (difference != null) {
            fail(name + ": " + difference);
        }
    }

    /** Guards the cases themselves: each one that says it throws does throw in quill-delta, and only those. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void quillDeltaThrowsExactlyWhereTheNameSaysSo(String name) {
        assertEquals(name.contains("_throws"), answers.get(name).has("error"), answers.get(name)::toString);
    }
}
