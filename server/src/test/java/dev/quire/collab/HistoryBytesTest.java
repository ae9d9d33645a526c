package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.InMemoryDocumentStore;
import dev.quire.testkit.Await;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * History bounded by bytes, not only by count: what a hub keeps in memory, how much it reads to bring a client up to
 * date, and how many bytes one document or one writer may write (docs/security.md, "Bytes of history").
 */
class HistoryBytesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final InMemoryDocumentStore store = new InMemoryDocumentStore();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        scheduler.shutdownNow();
    }

    private DocumentHubs hubs(ByteLimits bytes) {
        return new DocumentHubs(store, pool, scheduler, CLOCK, HubSettings.defaults().toBuilder().bytes(bytes).build());
    }

    private static Delta insert(int chars) {
        return Delta.builder().insert("x".repeat(chars)).build();
    }

    private static DocumentSession joined(DocumentHubs hubs, String documentId, RecordingParticipant who) {
        DocumentSession session = hubs.join(documentId, who, null);
        who.next(Welcome.class);
        return session;
    }

    @Test
    void recentOps_largeOps_keepNoMoreThanTheByteBound_andOlderRangesComeFromTheStore() {
        store.create("d", "D", new DocumentSnapshot(0, Delta.ofText("\n")), CLOCK.instant());
        RecentOps recent = new RecentOps("d", store, 1_000, 1 << 20);
        for (long v = 1; v <= 40; v++) {
            CommittedOp op = new CommittedOp(v, "c", v, insert(100_000), "A", CLOCK.instant());
            store.append("d", op).join();
            recent.remember(op);
        }
        assertTrue(recent.bytes() <= 1 << 20, "bytes kept: " + recent.bytes());
        assertTrue(recent.size() < 10, "a count of 1,000 alone would keep all 40: " + recent.size());
        assertEquals(List.of(39L, 40L), recent.between(38, 40).stream().map(CommittedOp::version).toList());
        assertEquals(40, recent.between(0, 40).size(), "the unbounded read still gets everything");
        assertNull(recent.between(0, 40, 1 << 20), "40 ops of 200 KB are more than 1 MiB");
        assertEquals(3, recent.between(37, 40, 1 << 20).size());
        assertEquals(List.of(), recent.between(40, 40, 1));
    }

    @Test
    void recentOps_anOpLargerThanTheBound_isNotKeptAtAll() {
        RecentOps recent = new RecentOps("d", store, 1_000, 1_000);
        recent.remember(new CommittedOp(1, "c", 1, insert(10_000), "A", CLOCK.instant()));
        assertEquals(0, recent.size());
        assertEquals(0, recent.bytes());
    }

    @Test
    void resume_missedOpsOverTheCatchUpBound_getsTheContentInstead_underItTheOps() {
        DocumentHubs hubs = hubs(ByteLimits.defaults().withCatchUp(300_000));
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession session = joined(hubs, "d", ada);
        for (long seq = 1; seq <= 3; seq++) {
            session.submit(seq, seq - 1, insert(60_000)); // about 120 KB each
            ada.next(RecordingParticipant.Ack.class);
        }

        RecordingParticipant bob = new RecordingParticipant("bob");
        hubs.join("d", bob, 0L);
        Welcome far = bob.next(Welcome.class);
        assertNull(far.missed(), "360 KB of missed ops are more than the 300 KB catch-up bound");
        assertEquals(180_001, far.content().length());

        RecordingParticipant carol = new RecordingParticipant("carol");
        hubs.join("d", carol, 1L);
        Welcome near = carol.next(Welcome.class);
        assertNull(near.content());
        assertEquals(List.of(2L, 3L), near.missed().stream().map(Edit::version).toList());
    }

    @Test
    void submit_opsSinceTheBaseOverTheCatchUpBound_isRefusedVersionTooOld_andChangesNothing() {
        DocumentHubs hubs = hubs(ByteLimits.defaults().withCatchUp(300_000).withRecentOps(100_000));
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession session = joined(hubs, "d", ada);
        for (long seq = 1; seq <= 3; seq++) {
            session.submit(seq, seq - 1, insert(60_000));
            ada.next(RecordingParticipant.Ack.class);
        }
        RecordingParticipant bob = new RecordingParticipant("bob");
        DocumentSession late = joined(hubs, "d", bob);
        ada.next(Presence.class);

        late.submit(1, 0, Delta.builder().insert("late").build());

        RecordingParticipant.Rejected refused = bob.next(RecordingParticipant.Rejected.class);
        assertEquals(ErrorCode.VERSION_TOO_OLD, refused.code());
        assertEquals(1L, refused.seq());
        late.submit(2, 2, Delta.builder().insert("near").build());
        assertEquals(new RecordingParticipant.Ack(2, 4), bob.next(RecordingParticipant.Ack.class),
                "a base within the bound is brought up to date as before");
    }

    @Test
    void writeBudget_spentByOneDocument_refusesWithARetryTime_nothingApplied_andTheSameOpPassesLater() {
        Duration window = Duration.ofMillis(500);
        DocumentHubs hubs = hubs(ByteLimits.defaults().withWriteBudget(250_000, 100L << 20, window));
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession session = joined(hubs, "d", ada);
        session.submit(1, 0, insert(100_000)); // about 200 KB of the 250 KB
        ada.next(RecordingParticipant.Ack.class);

        session.submit(2, 1, insert(100_000));

        RecordingParticipant.RefusedForNow refused = ada.next(RecordingParticipant.RefusedForNow.class);
        assertEquals(ErrorCode.WRITE_BUDGET_EXCEEDED, refused.code());
        assertEquals(2L, refused.seq());
        assertTrue(refused.retryAfter().compareTo(Duration.ZERO) > 0
                && refused.retryAfter().compareTo(window) <= 0, "retry after " + refused.retryAfter());
        assertTrue(refused.detail().contains("document's write budget"), refused.detail());
        assertEquals(1, store.ops("d", 0, 10).size(), "nothing of the refused op was applied");

        RecordingParticipant elsewhere = new RecordingParticipant("eve");
        joined(hubs, "other", elsewhere).submit(1, 0, insert(100_000));
        assertEquals(new RecordingParticipant.Ack(1, 1), elsewhere.next(RecordingParticipant.Ack.class),
                "another document has its own budget");

        // Sent again unchanged once the budget has refilled far enough: committed as if sent then.
        Await.until(() -> {
            session.submit(2, 1, insert(100_000));
            Object outcome = ada.next(Object.class);
            return outcome instanceof RecordingParticipant.Ack ack && ack.version() == 2;
        }, Duration.ofSeconds(10), () -> "the resent op is committed once the budget refilled");
    }

    @Test
    void writeBudget_ofAWriter_spansDocuments_andABatchCountsWhole() {
        DocumentHubs hubs = hubs(ByteLimits.defaults().withWriteBudget(10L << 20, 300_000, Duration.ofHours(1)));
        RecordingParticipant first = new RecordingParticipant("w1", "token-1");
        joined(hubs, "a", first).submit(1, 0, insert(100_000));
        first.next(RecordingParticipant.Ack.class);

        RecordingParticipant second = new RecordingParticipant("w2", "token-1");
        DocumentSession other = joined(hubs, "b", second);
        other.submitAll(0, List.of(new ClientOp(1, insert(30_000)), new ClientOp(2, insert(30_000)),
                new ClientOp(3, insert(30_000))));

        RecordingParticipant.RefusedForNow refused = second.next(RecordingParticipant.RefusedForNow.class);
        assertEquals(ErrorCode.WRITE_BUDGET_EXCEEDED, refused.code());
        assertEquals(1L, refused.seq(), "a batch is refused whole, by its first seq");
        assertTrue(refused.detail().contains("credential's write budget"), refused.detail());
        assertEquals(List.of(), store.ops("b", 0, 10));

        RecordingParticipant someoneElse = new RecordingParticipant("w3", "token-2");
        joined(hubs, "b", someoneElse).submit(1, 0, insert(100_000));
        assertEquals(new RecordingParticipant.Ack(1, 1), someoneElse.next(RecordingParticipant.Ack.class));
        assertNotNull(second.next(Presence.class));
    }

    @Test
    void writeBudget_restAndRestore_directWritesCountToo() {
        DocumentHubs hubs = hubs(ByteLimits.defaults().withWriteBudget(250_000, 100L << 20, Duration.ofHours(1)));
        assertTrue(hubs.create("d", "D", Delta.ofText("\n")).join());
        User rest = new User("api:1", "REST API", "#607d8b");
        assertTrue(hubs.edit("d", rest, "token-1", 1, 0, insert(100_000), null).join().isCommitted());

        EditResult refused = hubs.replace("d", new User("api:2", "REST API", "#607d8b"), "token-1", 1,
                Delta.ofText("y".repeat(100_000) + "\n"), null).join();

        assertEquals(ErrorCode.WRITE_BUDGET_EXCEEDED, refused.error());
        assertNotNull(refused.retryAfter());
        assertEquals(1, store.ops("d", 0, 10).size());
        assertTrue(hubs.chargeCreate("token-1", Delta.ofText("z".repeat(10) + "\n")).isEmpty(),
                "the document's budget is spent, not the credential's");
    }
}
