package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.collab.ErrorCode;
import dev.quire.testkit.DocTable;
import jakarta.websocket.CloseReason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The codes a WebSocket client gets, the layer's own and the hub's, are the ones docs/protocol.md lists, closing as it says. */
class WsErrorTest {
    private static final Pattern CLOSED_WITH = Pattern.compile("closed with (\\d{4})");
    private static final Map<String, WsError> OWN = Arrays.stream(WsError.values())
            .collect(Collectors.toMap(WsError::wire, code -> code));
    private static final Map<String, ErrorCode> HUB = Arrays.stream(ErrorCode.values())
            .collect(Collectors.toMap(ErrorCode::wire, code -> code));

    @Test
    void everyDocumentedCode_existsAndClosesAsDocumented() {
        List<List<String>> rows = DocTable.rows("protocol.md", "| code | when | connection |");
        assertTrue(rows.size() > 20, "docs/protocol.md's error table: " + rows.size() + " rows");
        for (List<String> row : rows) {
            String wire = DocTable.codes(row.get(0)).get(0);
            if (row.get(2).equals("—")) {
                continue; // no longer sent
            }
            assertTrue(OWN.containsKey(wire) || HUB.containsKey(wire), wire + " is documented but no code has it");
            Matcher closed = CLOSED_WITH.matcher(row.get(2));
            if (closed.find()) {
                CloseReason reason = OWN.containsKey(wire) ? CloseCodes.forError(OWN.get(wire), "x")
                        : CloseCodes.forError(HUB.get(wire), "x");
                assertEquals(Integer.parseInt(closed.group(1)), reason.getCloseCode().getCode(), wire);
                assertEquals(wire + ": x", reason.getReasonPhrase());
            }
        }
    }
}
