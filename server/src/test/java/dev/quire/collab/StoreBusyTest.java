package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.store.AppendAdmission;
import dev.quire.store.AppendReservation;
import dev.quire.store.CommittedOp;
import dev.quire.store.InMemoryDocumentStore;
import dev.quire.webhook.InMemoryWebhookStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A full store write queue refuses an op (or a whole batch) before the hub applies anything: its author gets
 * {@link ErrorCode#SERVER_BUSY} with a retry time, nobody is disconnected, the document does not move, and the same
 * op goes through once there is room. The queue is filled by a reservation this test holds, as the writer's
 * backlog would.
 */
class StoreBusyTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
    private final InMemoryDocumentStore store = new InMemoryDocumentStore(new InMemoryWebhookStore(),
            new AppendAdmission(1, 1 << 20));
    private final RecordingParticipant ada = new RecordingParticipant("ada");
    private final RecordingParticipant bob = new RecordingParticipant("bob");

    @AfterEach
    void stop() {
        pool.shutdownNow();
        scheduler.shutdownNow();
    }

    /** Ada and Bob in "d", both welcomed; Ada's session. */
    private DocumentSession bothJoined(DocumentHubs hubs) {
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        hubs.join("d", bob, null);
        bob.next(Welcome.class);
        ada.next(Presence.class);
        return a;
    }

    @Test
    void op_whenTheWriteQueueIsFull_refusedServerBusyWithRetryTime_nothingApplied_sameOpPassesLater() {
        DocumentHubs hubs = new DocumentHubs(store, pool, scheduler, clock, HubSettings.defaults());
        DocumentSession a = bothJoined(hubs);
        AppendReservation backlog = store.reserveAppend(1, 10);

        a.submit(1, 0, Delta.ofText("x"));

        RecordingParticipant.RefusedForNow refused = ada.next(RecordingParticipant.RefusedForNow.class);
        assertEquals(ErrorCode.SERVER_BUSY, refused.code());
        assertEquals(1L, refused.seq());
        assertTrue(refused.retryAfter().toMillis() > 0);
        assertEquals(List.of(), store.ops("d", 0, Long.MAX_VALUE), "nothing appended");

        backlog.release();
        a.submit(1, 0, Delta.ofText("x"));

        assertEquals(new RecordingParticipant.Ack(1, 1), ada.next(RecordingParticipant.Ack.class));
        assertEquals(1, bob.next(Edit.class).version(), "bob sees only the op that went through");
        assertEquals(1, store.ops("d", 0, Long.MAX_VALUE).size());
        store.reserveAppend(1, 1).release(); // the room came back after the append: no StorageBusyException
    }

    @Test
    void batch_whenTheWriteQueueIsFull_refusedWhole_namingItsFirstSeq_thenPassesWhole() {
        DocumentHubs hubs = new DocumentHubs(store, pool, scheduler, clock, HubSettings.defaults());
        DocumentSession a = bothJoined(hubs);
        AppendReservation backlog = store.reserveAppend(1, 10);
        List<ClientOp> batch = List.of(new ClientOp(1, Delta.ofText("a")),
                new ClientOp(2, Delta.builder().retain(1).insert("b").build()));

        a.submitAll(0, batch);

        RecordingParticipant.RefusedForNow refused = ada.next(RecordingParticipant.RefusedForNow.class);
        assertEquals(ErrorCode.SERVER_BUSY, refused.code());
        assertEquals(1L, refused.seq());
        assertEquals(List.of(), store.ops("d", 0, Long.MAX_VALUE));

        backlog.release();
        a.submitAll(0, batch);

        assertEquals(new RecordingParticipant.Ack(2, 2), ada.next(RecordingParticipant.Ack.class));
        assertEquals(2, store.ops("d", 0, Long.MAX_VALUE).size());
    }
}
