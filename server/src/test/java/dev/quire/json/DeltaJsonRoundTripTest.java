package dev.quire.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import dev.quire.ot.Op;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeltaJsonRoundTripTest {
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new DeltaJsonModule());

    /** JSON text (written with single quotes for readability) → Delta → JSON text must give it back exactly. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{'ops':[]}",
        "{'ops':[{'insert':'a','attributes':{'bold':true}},{'retain':3},{'delete':1}]}",
        "{'ops':[{'insert':{'image':'x.png'}},{'retain':{'table':{'rows':[1,2]}},'attributes':{'width':'100%'}}]}",
        "{'ops':[{'retain':2,'attributes':{'bold':null,'color':'#ff0000'}},{'insert':'x\\n','attributes':{'header':1}}]}",
        "{'ops':[{'insert':'m','attributes':{'mention':{'id':42,'tags':['a',null,{'b':false}],'score':1.5}}}]}",
        "{'ops':[{'insert':'😀𝒳\\n'}]}",
        "{'ops':[{'insert':'tab\\there\\n\\\"q\\\" \\\\ é'}]}",
        "{'ops':[{'insert':'a'},{'retain':5}]}",
        "{'ops':[{'delete':2147483647}]}",
    })
    void roundTrip_exactJsonText(String singleQuoted) throws Exception {
        String json = singleQuoted.replace('\'', '"');
        Delta delta = mapper.readValue(json, Delta.class);
        assertEquals(json, mapper.writeValueAsString(delta));
    }

    @Test
    void read_buildsTheOpsWithAttributesAndEmbeds() throws Exception {
        Delta delta = mapper.readValue("""
                {"ops":[{"insert":"a","attributes":{"bold":true}},{"retain":3},{"delete":1},
                        {"insert":{"image":"x.png"}},{"retain":{"table":{"r":1}},"attributes":{"b":null}}]}""",
                Delta.class);
        Map<String, Object> nullB = new LinkedHashMap<>();
        nullB.put("b", null);
        // The embed insert moves before the delete it followed (normal form, see the normalising test).
        assertEquals(List.of(
                new Op.Insert("a", AttributeMap.of("bold", true)),
                new Op.Retain(3, AttributeMap.EMPTY),
                new Op.InsertEmbed(Embed.of("image", "x.png"), AttributeMap.EMPTY),
                new Op.Delete(1),
                new Op.RetainEmbed(Embed.of("table", Map.of("r", 1L)), AttributeMap.of(nullB))),
                delta.ops());
    }

    @Test
    void read_numbersBecomeLongOrDouble_asJsonValuesSays() throws Exception {
        AttributeMap attributes = mapper.readValue(
                "{\"i\":7,\"big\":12345678901234,\"huge\":123456789012345678901234567890,\"f\":1.5,\"whole\":2.0}",
                AttributeMap.class);
        assertEquals(7L, attributes.get("i"));
        assertEquals(12345678901234L, attributes.get("big"));
        assertInstanceOf(Double.class, attributes.get("huge"));
        assertEquals(1.5, attributes.get("f"));
        assertEquals(2L, attributes.get("whole"), "JavaScript has one number type: 2.0 is 2");
    }

    @Test
    void read_nullAttributeValueIsKeptAndDistinctFromAbsent() throws Exception {
        Op op = mapper.readValue("{\"retain\":1,\"attributes\":{\"bold\":null}}", Op.class);
        assertTrue(op.attributes().containsKey("bold"));
        assertNull(op.attributes().get("bold"));
        assertEquals("{\"retain\":1,\"attributes\":{\"bold\":null}}", mapper.writeValueAsString(op));
    }

    @Test
    void read_emptyAttributesObjectIsTheSameAsNone() throws Exception {
        Delta delta = mapper.readValue("{\"ops\":[{\"insert\":\"a\",\"attributes\":{}}]}", Delta.class);
        assertEquals(Delta.ofText("a"), delta);
        assertEquals("{\"ops\":[{\"insert\":\"a\"}]}", mapper.writeValueAsString(delta));
    }

    @Test
    void read_surrogatePairsEscapedOrRaw_countAsTwoUnits() throws Exception {
        Delta escaped = mapper.readValue("{\"ops\":[{\"insert\":\"\\ud83d\\ude00\"}]}", Delta.class);
        Delta raw = mapper.readValue("{\"ops\":[{\"insert\":\"😀\"}]}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Delta.class);
        assertEquals(raw, escaped);
        assertEquals(2, escaped.length(), "lengths are UTF-16 code units, as in JavaScript");
    }

    @Test
    void write_unpairedSurrogate_isEscapedLikeJsonStringify_toTextAndToBytes() throws Exception {
        Delta delta = mapper.readValue("{\"ops\":[{\"insert\":\"\\ude00a\\ud83d\\ude00\\\"\\ud83d\"}]}", Delta.class);
        assertEquals("\ude00a\ud83d\ude00\"\ud83d", ((Op.Insert) delta.ops().get(0)).text());
        String expected = "{\"ops\":[{\"insert\":\"\\ude00a\ud83d\ude00\\\"\\ud83d\"}]}";
        assertEquals(expected, mapper.writeValueAsString(delta));
        assertEquals(expected, new String(mapper.writeValueAsBytes(delta), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("{\"a\":[\"\\ud83d\"]}", mapper.writeValueAsString(AttributeMap.of("a", List.of("\ud83d"))));
    }

    @Test
    void read_nonNormalisedDelta_isNormalisedByPushingItsOps() throws Exception {
        Delta delta = mapper.readValue("""
                {"ops":[{"retain":1},{"retain":2,"attributes":{}},{"delete":1},{"insert":"a"},{"insert":"b"},
                        {"delete":2},{"retain":4}]}""", Delta.class);
        // Neighbours merge and an insert moves before the delete it follows; the trailing retain stays.
        assertEquals("{\"ops\":[{\"retain\":3},{\"insert\":\"ab\"},{\"delete\":3},{\"retain\":4}]}",
                mapper.writeValueAsString(delta));
    }

    @Test
    void writeAndRead_insideOtherValues_useTheModule() throws Exception {
        Map<String, Delta> message = Map.of("delta", Delta.ofText("hi\n"));
        String json = mapper.writeValueAsString(message);
        assertEquals("{\"delta\":{\"ops\":[{\"insert\":\"hi\\n\"}]}}", json);
        JsonNode tree = mapper.readTree(json);
        assertEquals(Delta.ofText("hi\n"), mapper.treeToValue(tree.get("delta"), Delta.class));
    }

    @Test
    void write_nonFiniteDouble_asNull_likeJsonStringify() throws Exception {
        assertEquals("{\"x\":null}", mapper.writeValueAsString(AttributeMap.of("x", Double.NaN)));
    }
}
