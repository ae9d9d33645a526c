package dev.quire.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.SaveRequest;
import dev.quire.store.SaveTrigger;
import dev.quire.store.SavedVersion;
import dev.quire.testkit.Await;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The document row's head update, made by every group commit that appends: it must stay cheap however long a
 * document is edited (docs/benchmarks.md, "Cluster mode: PostgreSQL's cost per op").
 */
class PostgresHeadUpdatesTest {
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00.123456Z");
    private static final DocumentSnapshot EMPTY = new DocumentSnapshot(0, Delta.ofText("\n"));

    private FreshSchema schema;
    private PostgresDocumentStore store;

    @BeforeEach
    void open() {
        schema = FreshSchema.create();
        store = PostgresDocumentStore.open(schema.settings());
    }

    @AfterEach
    void close() {
        store.close();
        schema.close();
    }

    private static CommittedOp op(long version) {
        return new CommittedOp(version, "c", version, Delta.ofText("x"), "alice", T0.plusMillis(version));
    }

    /**
     * An update that changes an indexed column cannot be HOT: it adds an entry to every index of the table and leaves
     * a dead version that only a vacuum removes, and each head read and row lock walked more of them as a run went
     * on (updated_at was indexed, V1). Twenty versions fit on the row's page whatever else runs on the server, so
     * every one of these updates can be HOT.
     */
    @Test
    void appendsMoveTheHead_withHotUpdatesOfTheDocumentRow() {
        assertTrue(store.create("a", "A", EMPTY, T0));
        int appends = 20;
        for (int v = 1; v <= appends; v++) {
            store.appendAll("a", List.of(op(v))).join();
        }

        // The writer's backend reports its counts to the statistics when idle, up to 10 s after its transactions.
        long[] counts = new long[2];
        Await.until(() -> {
            long[] now = documentUpdates();
            counts[0] = now[0];
            counts[1] = now[1];
            return now[0] >= appends;
        }, Duration.ofSeconds(60), () -> "row updates of documents: " + counts[0] + " of " + appends);
        assertEquals(counts[0], counts[1], "every update of the document row HOT (updates, of which HOT)");
        assertEquals(appends, store.load("a").orElseThrow().info().version());
    }

    /**
     * Writes of one batch see the heads its earlier writes moved, though the row is written once at its end: appends
     * queued back to back continue each other, a save of the last version is accepted, and the row ends with the last
     * op's version and instant.
     */
    @Test
    void pipelinedAppendsAndASave_eachSeesTheHeadTheEarlierOnesMoved() {
        assertTrue(store.create("a", "A", EMPTY, T0));
        int appends = 200;
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int v = 1; v <= appends; v++) {
            pending.add(store.appendAll("a", List.of(op(v))));
        }
        CompletableFuture<SavedVersion> saved = store.save("a", new SaveRequest(appends, "A", SaveTrigger.EXPLICIT,
                "alice", T0.plusSeconds(1), null));
        pending.forEach(CompletableFuture::join);

        assertEquals(appends, saved.join().documentVersion());
        DocumentInfo info = store.load("a").orElseThrow().info();
        assertEquals(appends, info.version());
        assertEquals(T0.plusMillis(appends), info.updatedAt());
        assertEquals(appends, store.ops("a", 0, appends).size());
    }

    /** {n_tup_upd, n_tup_hot_upd} of this schema's documents table. */
    private long[] documentUpdates() {
        try (Connection c = FreshSchema.connect();
             PreparedStatement select = c.prepareStatement("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables"
                     + " WHERE schemaname = ? AND relname = 'documents'")) {
            select.setString(1, schema.name());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new long[] {row.getLong(1), row.getLong(2)} : new long[2];
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
