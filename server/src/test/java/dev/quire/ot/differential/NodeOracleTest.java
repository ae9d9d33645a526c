package dev.quire.ot.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("heavy")
class NodeOracleTest {
    @Test
    void answer_withoutNode_failsRatherThanSkips() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> NodeOracle.answer("quire-no-such-node", List.of("{}"), DifferentialCase.MAPPER));
        assertTrue(e.getMessage().startsWith("Node.js is a prerequisite of the build"), e.getMessage());
    }

    @Test
    void answer_resultsAndQuillDeltaErrors_oneLinePerCaseInOrder() throws Exception {
        List<JsonNode> answers = NodeOracle.answer(List.of(
                "{\"op\":\"length\",\"a\":{\"ops\":[{\"insert\":\"😀\"}]}}",
                "{\"op\":\"diff\",\"a\":{\"ops\":[{\"retain\":1}]},\"b\":{\"ops\":[]}}",
                "{\"op\":\"compose\",\"a\":{\"ops\":[{\"insert\":\"ab\"}]},\"b\":{\"ops\":[{\"delete\":1}]}}"),
                DifferentialCase.MAPPER);
        assertEquals("{\"result\":2}", answers.get(0).toString());
        assertEquals("{\"error\":\"diff() called with non-document\"}", answers.get(1).toString());
        assertEquals("{\"result\":{\"ops\":[{\"insert\":\"b\"}]}}", answers.get(2).toString());
    }

    @Test
    void answer_emptyBatch_isEmpty() throws Exception {
        assertEquals(List.of(), NodeOracle.answer(List.of(), DifferentialCase.MAPPER));
    }
}
