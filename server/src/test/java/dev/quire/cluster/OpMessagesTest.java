package dev.quire.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpMessagesTest {
    @Test
    void aBatchReadsBackAsWritten() {
        Delta delta = Delta.builder().retain(3).insert("b\uD83D", AttributeMap.of(Map.of("bold", true))).delete(2)
                .build();
        List<CommittedOp> ops = List.of(
                new CommittedOp(8, "c1", 3, delta, "Ada", Instant.parse("2026-12-06T10:00:00.123456Z")),
                new CommittedOp(9, "c2", 1, Delta.ofText("x"), "Bob", Instant.parse("2026-12-06T10:00:01Z")));

        String json = OpMessages.encode("n1", "doc-1", ops);
        OpMessages.Batch batch = OpMessages.decode(json);

        assertEquals(new OpMessages.Batch("n1", "doc-1", ops), batch);
        assertTrue(json.contains("\\ud83d"), "a lone surrogate is escaped: " + json);
        assertTrue(json.contains("\"delta\":{\"ops\":[{\"retain\":3},"), "quill-delta's form: " + json);
    }

    @Test
    void whatIsNotABatchIsRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> OpMessages.decode("not json"));
        assertThrows(IllegalArgumentException.class,
                () -> OpMessages.decode("{\"node\":\"n\",\"document\":\"d\",\"ops\":[]}"));
        IllegalArgumentException badDelta = assertThrows(IllegalArgumentException.class, () -> OpMessages.decode(
                "{\"node\":\"n\",\"document\":\"d\",\"ops\":[{\"version\":1,\"clientId\":\"c\",\"seq\":1,"
                        + "\"delta\":{\"ops\":[{\"retain\":-1}]},\"author\":\"a\","
                        + "\"committedAt\":\"2026-12-06T10:00:00Z\"}]}"));
        assertTrue(badDelta.getMessage().contains("retain"), badDelta.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpMessages.decode(
                "{\"node\":\"n\",\"document\":\"d\",\"ops\":[{\"version\":0,\"clientId\":\"c\",\"seq\":1,"
                        + "\"delta\":{\"ops\":[]},\"author\":\"a\",\"committedAt\":\"2026-12-06T10:00:00Z\"}]}"));
    }
}
