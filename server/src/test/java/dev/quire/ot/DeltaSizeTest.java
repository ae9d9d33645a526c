package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeltaSizeTest {

    @Test
    void of_text_countsTwoBytesACharacterAndTheOp() {
        assertEquals(DeltaSize.PER_OP + DeltaSize.PER_VALUE + 2 * 5, DeltaSize.of(Delta.builder().insert("hello").build()));
    }

    @Test
    void of_retainAndDelete_costOnlyTheirStructure() {
        Delta delta = Delta.builder().retain(1_000_000).delete(1_000_000).build();
        assertEquals(2L * (DeltaSize.PER_OP + DeltaSize.PER_VALUE), DeltaSize.of(delta),
                "what they touch is not what they hold");
    }

    @Test
    void of_attributesAndEmbeds_countTheirKeysAndValues() {
        String url = "https://example.com/" + "p".repeat(10_000);
        Delta link = Delta.builder().insert("a", AttributeMap.of("link", url)).build();
        Delta image = Delta.builder().insert(Embed.of("image", "data:image/png;base64," + "A".repeat(100_000)),
                AttributeMap.EMPTY).build();
        assertTrue(DeltaSize.of(link) > 2 * url.length(), "a long link counts: " + DeltaSize.of(link));
        assertTrue(DeltaSize.of(image) > 200_000, "an inline image counts: " + DeltaSize.of(image));
        Delta nested = Delta.builder().insert(new Embed(Map.of("table", List.of(Map.of("cell", "x".repeat(500))))),
                AttributeMap.EMPTY)
                .build();
        assertTrue(DeltaSize.of(nested) > 1_000, "nested values count: " + DeltaSize.of(nested));
    }

    @Test
    void of_manySmallOps_costAtLeastTheirStructureEach() {
        Delta.Builder builder = Delta.builder();
        for (int i = 0; i < 100; i++) {
            builder.retain(1).insert("x", AttributeMap.of("bold", true));
        }
        assertTrue(DeltaSize.of(builder.build()) >= 200L * DeltaSize.PER_OP);
    }
}
