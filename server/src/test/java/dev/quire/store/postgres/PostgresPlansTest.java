package dev.quire.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's statements are planned with their parameters and the tables as they are, not with a generic plan kept
 * from when the tables were empty: an append's (client, seq) look-up read a busy document's whole log on every
 * append, a cost that grew with the log (docs/benchmarks.md, "Cluster mode: a plan made when the log was empty").
 */
class PostgresPlansTest {
    private static final int LOG = 20_000;

    private FreshSchema schema;
    private Database database;

    @BeforeEach
    void open() {
        schema = FreshSchema.create();
        database = new Database(schema.settings());
        database.migrate();
    }

    @AfterEach
    void close() {
        database.close();
        schema.close();
    }

    @Test
    void theCommittedSeqLookUp_probesThePairs_afterTheLogGrewPastWhatItWasPlannedFor() throws Exception {
        try (Connection db = database.connection(); Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO documents (id, title, version, created_at, updated_at)"
                    + " VALUES ('a', 'A', 0, now(), now())");
            sql.execute("PREPARE look_up(text, bigint, bigint, text, text[], bigint[], text, text[]) AS "
                    + numbered(AppendReads.QUERY));
            // Used as often as an append uses it, while the log is small: enough for a generic plan to be kept.
            for (int i = 0; i < 10; i++) {
                sql.execute("EXECUTE look_up('a', 0, 0, 'a', ARRAY['c'], ARRAY[" + i + "]::bigint[], 'a', ARRAY['c'])");
            }
            sql.execute("INSERT INTO ops (document_id, version, client_id, client_seq, delta, author, committed_at)"
                    + " SELECT 'a', v, 'c' || (v % 10), v, '{\"ops\":[{\"insert\":\"x\"}]}', 'alice', now()"
                    + " FROM generate_series(1, " + LOG + ") v");

            JsonNode plan;
            try (ResultSet row = sql.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON)"
                    + " EXECUTE look_up('a', " + LOG + ", " + LOG + ", 'a', ARRAY['c1', 'c2'], ARRAY[11, 99999]::bigint[],"
                    + " 'a', ARRAY['c1', 'c2'])")) {
                assertTrue(row.next());
                plan = new ObjectMapper().readTree(row.getString(1)).get(0).get("Plan");
            }
            assertEquals(1, plan.get("Actual Rows").asInt(), plan.toPrettyString());
            long read = rowsReadFromOps(plan);
            assertTrue(read <= 2, "rows of ops read for two pairs: " + read + " of " + LOG + "\n"
                    + plan.toPrettyString());
            db.rollback();
        }
    }

    /** The rows every scan of {@code ops} in the plan produced, over all its loops, before any filter above it. */
    private static long rowsReadFromOps(JsonNode node) {
        long rows = 0;
        if ("ops".equals(node.path("Relation Name").asText(null))) {
            rows += node.get("Actual Rows").asLong() * node.get("Actual Loops").asLong()
                    + node.path("Rows Removed by Filter").asLong() + node.path("Rows Removed by Index Recheck").asLong();
        }
        for (JsonNode child : node.path("Plans")) {
            rows += rowsReadFromOps(child);
        }
        return rows;
    }

    /** JDBC's {@code ?} as PREPARE's {@code $1, $2, …}. */
    private static String numbered(String jdbc) {
        StringBuilder sql = new StringBuilder();
        int n = 0;
        for (char c : jdbc.toCharArray()) {
            if (c == '?') {
                sql.append('$').append(++n);
            } else {
                sql.append(c);
            }
        }
        return sql.toString();
    }
}
