package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.collab.ErrorCode;
import dev.quire.testkit.DocTable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The codes a REST client gets, the layer's own and the hub's, are the ones docs/rest.md lists, with its statuses. */
class ApiErrorTest {
    /** Codes of the front door in {@code app}, sent before any resource, not from this layer's map. */
    private static final Set<String> HTTP_LEVEL = Set.of("cross_site_request", "host_not_allowed");
    private static final Map<String, ApiError> OWN = Arrays.stream(ApiError.values())
            .collect(Collectors.toMap(ApiError::wire, code -> code));
    private static final Map<String, ErrorCode> HUB = Arrays.stream(ErrorCode.values())
            .collect(Collectors.toMap(ErrorCode::wire, code -> code));

    @Test
    void everyDocumentedCode_existsWithItsStatus() {
        List<List<String>> rows = DocTable.rows("rest.md", "| status | code | when |");
        assertTrue(rows.size() > 15, "docs/rest.md's error table: " + rows.size() + " rows");
        for (List<String> row : rows) {
            for (String wire : DocTable.codes(row.get(1))) {
                if (HTTP_LEVEL.contains(wire)) {
                    continue;
                }
                assertTrue(OWN.containsKey(wire) || HUB.containsKey(wire), wire + " is documented but no code has it");
                int status = Integer.parseInt(row.get(0));
                if (OWN.containsKey(wire)) {
                    assertEquals(status, ErrorStatus.of(OWN.get(wire)), wire);
                }
                if (HUB.containsKey(wire)) {
                    assertEquals(status, ErrorStatus.of(HUB.get(wire)), wire);
                }
            }
        }
    }
}
