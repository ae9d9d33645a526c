package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.collab.RecordingParticipant.Ack;
import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.InMemoryDocumentStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Exactly once by (client id, seq) never costs an edit: a client's seqs must grow on a document, only its last message
 * may come again (and is then acknowledged, not applied), and one client id has one live session.
 */
class ClientSeqTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
    private final InMemoryDocumentStore store = new InMemoryDocumentStore();
    private final RecordingParticipant bob = new RecordingParticipant("bob");

    @AfterEach
    void stop() {
        pool.shutdownNow();
        scheduler.shutdownNow();
    }

    private DocumentHubs hubs() {
        return new DocumentHubs(store, pool, scheduler, clock, HubSettings.defaults());
    }

    private static Delta insertAt(int index, String text) {
        return Delta.builder().retain(index).insert(text).build();
    }

    private DocumentSession joined(DocumentHubs hubs, RecordingParticipant participant) {
        DocumentSession session = hubs.join("d", participant, null);
        participant.next(Welcome.class);
        return session;
    }

    /** The ack of {@code seq}, skipping whatever else the participant is told first. */
    private static Ack ackOf(RecordingParticipant participant, long seq) {
        while (true) {
            if (participant.next(Object.class) instanceof Ack ack && ack.seq() == seq) {
                return ack;
            }
        }
    }

    private Delta content(DocumentHubs hubs) {
        RecordingParticipant reader = new RecordingParticipant("reader-" + System.nanoTime());
        hubs.join("d", reader, null);
        return reader.next(Welcome.class).content();
    }

    @Test
    @DisplayName("a seq lower than one committed and never used is refused with invalid_seq; resending the higher one"
            + " is then an ack, not a second append")
    void seqGoingBack_isRefused_andTheResendOfTheLastSeqIsAcknowledged() {
        DocumentHubs hubs = hubs();
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession a = joined(hubs, ada);

        a.submit(5, 0, insertAt(0, "a"));
        assertEquals(new RecordingParticipant.Ack(5, 1), ada.next(RecordingParticipant.Ack.class));
        a.submit(3, 1, insertAt(0, "b"));
        RecordingParticipant.Rejected refused = ada.next(RecordingParticipant.Rejected.class);
        assertEquals(ErrorCode.INVALID_SEQ, refused.code());
        assertEquals(3L, refused.seq());
        assertTrue(refused.detail().startsWith("seq 3 is not larger than 5"), refused.detail());
        a.submit(5, 0, insertAt(0, "a"));
        assertEquals(new RecordingParticipant.Ack(5, 1), ada.next(RecordingParticipant.Ack.class));
        a.submit(6, 1, insertAt(1, "c"));
        assertEquals(new RecordingParticipant.Ack(6, 2), ada.next(RecordingParticipant.Ack.class));

        assertEquals(List.of(5L, 6L), store.ops("d", 0, 10).stream().map(CommittedOp::seq).toList());
        assertEquals(Delta.ofText("ac\n"), content(hubs));
    }

    @Test
    @DisplayName("a client that restarts its seqs under the same id has its first edit refused, not acknowledged and"
            + " dropped")
    void restartedSeqCounter_isRefused_notSilentlyAcknowledged() {
        DocumentHubs hubs = hubs();
        RecordingParticipant before = new RecordingParticipant("ada");
        DocumentSession first = joined(hubs, before);
        for (int seq = 1; seq <= 3; seq++) {
            first.submit(seq, seq - 1, insertAt(0, "x"));
            before.next(RecordingParticipant.Ack.class);
        }
        first.leave();

        RecordingParticipant restarted = new RecordingParticipant("ada");
        DocumentSession again = joined(hubs, restarted);
        again.submit(1, 3, insertAt(0, "mine"));
        RecordingParticipant.Rejected refused = restarted.next(RecordingParticipant.Rejected.class);
        assertEquals(ErrorCode.INVALID_SEQ, refused.code());
        assertEquals(1L, refused.seq());
        again.submit(2, 3, insertAt(0, "mine"));
        assertEquals(ErrorCode.INVALID_SEQ, restarted.next(RecordingParticipant.Rejected.class).code());
        again.submit(4, 3, insertAt(0, "mine"));
        assertEquals(new RecordingParticipant.Ack(4, 4), restarted.next(RecordingParticipant.Ack.class));
        assertEquals(Delta.ofText("minexxx\n"), content(hubs));
    }

    @Test
    @DisplayName("after a reload (the store answers), a resend of the last op is acknowledged and an older seq refused")
    void afterAReload_theStoreKnowsTheLastSeq() {
        DocumentHubs hubs = hubs();
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession a = joined(hubs, ada);
        DocumentSession b = joined(hubs, bob);
        a.submit(1, 0, insertAt(0, "x"));
        a.submit(2, 1, insertAt(0, "x"));
        b.submit(1, 2, insertAt(0, "y"));
        a.submit(3, 3, insertAt(0, "x"));
        assertEquals(new Ack(3, 4), ackOf(ada, 3));

        DocumentHubs restarted = hubs();
        RecordingParticipant back = new RecordingParticipant("ada");
        DocumentSession again = restarted.join("d", back, 4L);
        back.next(Welcome.class);
        again.submit(3, 3, insertAt(0, "x"));
        assertEquals(new Ack(3, 4), back.next(Ack.class));
        again.submit(2, 4, insertAt(0, "z"));
        assertEquals(ErrorCode.INVALID_SEQ, back.next(RecordingParticipant.Rejected.class).code());
        again.submitAll(4, List.of(new ClientOp(2, insertAt(0, "z")), new ClientOp(3, insertAt(0, "z"))));
        assertEquals(ErrorCode.INVALID_SEQ, back.next(RecordingParticipant.Rejected.class).code(),
                "seqs 2 and 3 were two messages, not one batch: bob's op is between them");
        assertEquals(4, store.ops("d", 0, 10).size());
    }

    @Test
    @DisplayName("a batch resent whole after a reload is acknowledged by its last seq and applied once")
    void afterAReload_aWholeBatchResent_isAcknowledged() {
        RecordingParticipant ada = new RecordingParticipant("ada");
        DocumentSession a = joined(hubs(), ada);
        a.submit(1, 0, insertAt(0, "x"));
        ada.next(RecordingParticipant.Ack.class);
        List<ClientOp> batch = List.of(new ClientOp(2, insertAt(0, "a")), new ClientOp(4, insertAt(1, "b")));
        a.submitAll(1, batch);
        assertEquals(new RecordingParticipant.Ack(4, 3), ada.next(RecordingParticipant.Ack.class));

        DocumentHubs restarted = hubs();
        RecordingParticipant back = new RecordingParticipant("ada");
        restarted.join("d", back, null).submitAll(1, batch);
        back.next(Welcome.class);
        assertEquals(new RecordingParticipant.Ack(4, 3), back.next(RecordingParticipant.Ack.class));
        assertEquals(Delta.ofText("abx\n"), content(restarted));
    }

    @Test
    @DisplayName("a second session with the same client id replaces the first, which is closed with session_replaced;"
            + " the others see no one leave")
    void sameClientIdJoiningTwice_replacesTheOlderSession() {
        DocumentHubs hubs = hubs();
        joined(hubs, bob);
        RecordingParticipant older = new RecordingParticipant("ada");
        DocumentSession first = joined(hubs, older);
        bob.next(Presence.class);

        RecordingParticipant newer = new RecordingParticipant("ada");
        DocumentSession second = joined(hubs, newer);
        assertEquals(ErrorCode.SESSION_REPLACED, older.next(RecordingParticipant.Disconnected.class).code());
        bob.next(Presence.class);

        first.submit(1, 0, insertAt(0, "old"));
        second.submit(1, 0, insertAt(0, "new"));
        assertEquals(new RecordingParticipant.Ack(1, 1), newer.next(RecordingParticipant.Ack.class));
        assertEquals("ada", bob.next(Edit.class).clientId());
        first.leave();
        assertNull(bob.poll(100), "ada is still here: nobody left");
        assertNull(older.poll(0), "the replaced session is told nothing more");
        assertEquals(Delta.ofText("new\n"), content(hubs));
    }
}
