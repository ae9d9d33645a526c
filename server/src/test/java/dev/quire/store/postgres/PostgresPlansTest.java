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
 * The writer's statements probe the indexes whatever plan PostgreSQL keeps for them: each is prepared here with a
 * generic plan ({@code plan_cache_mode = force_generic_plan}) made while the tables were empty, then run after they
 * grew. An append's (client, seq) look-up once kept such a plan, which read a busy document's whole log on every
 * append (docs/benchmarks.md, "Cluster mode: a plan made when the log was empty"); the writer now keeps PostgreSQL's
 * default plan caching, and the other connections plan every statement with its parameters.
 */
class PostgresPlansTest {
    private static final int LOG = 20_000;
    private static final int DOCUMENTS = 5_000;

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
    void anAppendsReads_probeThePairs_afterTheLogGrewPastWhatTheyWerePlannedFor() throws Exception {
        try (Connection db = database.writerConnection(); Statement sql = db.createStatement()) {
            sql.execute("SET plan_cache_mode = force_generic_plan");
            sql.execute("INSERT INTO documents (id, title, version, created_at, updated_at)"
                    + " VALUES ('a', 'A', 0, now(), now())");
            sql.execute("PREPARE look_up(text, bigint, bigint, text[], bigint[], text, text, text[]) AS "
                    + numbered(AppendReads.QUERY));
            sql.execute("EXECUTE look_up('a', 0, 0, ARRAY['c'], ARRAY[1]::bigint[], 'a', 'a', ARRAY['c'])");
            sql.execute("INSERT INTO ops (document_id, version, client_id, client_seq, delta, author, committed_at)"
                    + " SELECT 'a', v, 'c' || (v % 10), v, '{\"ops\":[{\"insert\":\"x\"}]}', 'alice', now()"
                    + " FROM generate_series(1, " + LOG + ") v");

            JsonNode plan = plan(sql, "EXECUTE look_up('a', " + LOG + ", " + LOG + ", ARRAY['c1', 'c2'],"
                    + " ARRAY[11, 99999]::bigint[], 'a', 'a', ARRAY['c1', 'c2'])");
            assertEquals(1, plan.get("Actual Rows").asInt(), plan.toPrettyString());
            long read = rowsRead(plan, "ops");
            assertTrue(read <= 2, "rows of ops read for two pairs: " + read + " of " + LOG + "\n"
                    + plan.toPrettyString());
            db.rollback();
        }
    }

    @Test
    void theLockAndTheHeadUpdate_findTheirRowsByKey_afterTheDocumentsGrewPastWhatTheyWerePlannedFor()
            throws Exception {
        try (Connection db = database.writerConnection(); Statement sql = db.createStatement()) {
            sql.execute("SET plan_cache_mode = force_generic_plan");
            sql.execute("INSERT INTO documents (id, title, version, created_at, updated_at)"
                    + " VALUES ('a', 'A', 0, now(), now())");
            sql.execute("PREPARE lock_rows(text[]) AS " + numbered(GroupCommitWriter.LOCK_DOCUMENTS));
            sql.execute("PREPARE move_heads(bigint[], text[], text[], text[], text[]) AS "
                    + numbered(MovedHeads.WRITE_AND_ANNOUNCE));
            sql.execute("EXECUTE lock_rows(ARRAY['a'])");
            sql.execute("EXECUTE move_heads(ARRAY[1]::bigint[], ARRAY['a'], ARRAY['2026-12-07T10:00:00Z'], ARRAY['a'],"
                    + " ARRAY['a'])");
            sql.execute("INSERT INTO documents (id, title, version, created_at, updated_at)"
                    + " SELECT 'd' || n, 'D', 0, now(), now() FROM generate_series(1, " + DOCUMENTS + ") n");

            JsonNode lock = plan(sql, "EXECUTE lock_rows(ARRAY['d7', 'd9'])");
            assertEquals(2, lock.get("Actual Rows").asInt(), lock.toPrettyString());
            assertTrue(rowsRead(lock, "documents") <= 2, "rows of documents read to lock two: "
                    + rowsRead(lock, "documents") + "\n" + lock.toPrettyString());
            JsonNode move = plan(sql, "EXECUTE move_heads(ARRAY[5]::bigint[], ARRAY['d7'],"
                    + " ARRAY['2026-12-07T10:00:00Z'], ARRAY['d7'], ARRAY['d7'])");
            assertTrue(rowsRead(move, "documents") <= 1, "rows of documents read to move one head: "
                    + rowsRead(move, "documents") + "\n" + move.toPrettyString());
            try (ResultSet row = sql.executeQuery("SELECT version FROM documents WHERE id = 'd7'")) {
                assertTrue(row.next());
                assertEquals(5, row.getLong(1));
            }
            db.rollback();
        }
    }

    private static JsonNode plan(Statement sql, String execute) throws Exception {
        try (ResultSet row = sql.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + execute)) {
            assertTrue(row.next());
            return new ObjectMapper().readTree(row.getString(1)).get(0).get("Plan");
        }
    }

    /** The rows every scan of {@code relation} in the plan produced, over all its loops, before any filter above it. */
    private static long rowsRead(JsonNode node, String relation) {
        long rows = 0;
        if (relation.equals(node.path("Relation Name").asText(null))
                && !"ModifyTable".equals(node.path("Node Type").asText())) { // the update itself reads nothing
            rows += node.get("Actual Rows").asLong() * node.get("Actual Loops").asLong()
                    + node.path("Rows Removed by Filter").asLong() + node.path("Rows Removed by Index Recheck").asLong();
        }
        for (JsonNode child : node.path("Plans")) {
            rows += rowsRead(child, relation);
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
