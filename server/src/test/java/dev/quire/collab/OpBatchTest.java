package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.InMemoryDocumentStore;
import dev.quire.testkit.RandomEdits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client's batch of ops ({@link DocumentSession#submitAll}): sequenced together, one ack, one op per version. */
class OpBatchTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private final InMemoryDocumentStore store = new InMemoryDocumentStore();
    private final RecordingParticipant ada = new RecordingParticipant("ada");
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

    private static List<ClientOp> typing(long firstSeq, int at, String text) {
        List<ClientOp> ops = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            ops.add(new ClientOp(firstSeq + i, insertAt(at + i, text.substring(i, i + 1))));
        }
        return ops;
    }

    /** Ada and Bob in "d", both welcomed and told of each other. */
    private DocumentSession[] bothJoined(DocumentHubs hubs) {
        DocumentSession a = hubs.join("d", ada, null);
        ada.next(Welcome.class);
        DocumentSession b = hubs.join("d", bob, null);
        bob.next(Welcome.class);
        ada.next(Presence.class);
        return new DocumentSession[] {a, b};
    }

    private Delta contentSeenByANewcomer(DocumentHubs hubs) {
        RecordingParticipant carol = new RecordingParticipant("carol");
        hubs.join("d", carol, null);
        return carol.next(Welcome.class).content();
    }

    @Test
    void batch_getsConsecutiveVersions_oneAckForItsLastSeq_andEachOpIsBroadcast() {
        DocumentHubs hubs = hubs();
        DocumentSession a = bothJoined(hubs)[0];

        a.submitAll(0, typing(1, 0, "abc"));

        assertEquals(new RecordingParticipant.Ack(3, 3), ada.next(RecordingParticipant.Ack.class));
        for (int i = 0; i < 3; i++) {
            Edit op = bob.next(Edit.class);
            assertEquals(i + 1, op.version());
            assertEquals(i + 1, op.seq());
            assertEquals(insertAt(i, "abc".substring(i, i + 1)), op.delta());
        }
        a.submit(4, 3, insertAt(3, "d"));
        assertEquals(new RecordingParticipant.Ack(4, 4), ada.next(RecordingParticipant.Ack.class),
                "one ack for the whole batch: the next event is the next op's ack");
        assertEquals(4, store.ops("d", 0, 100).size());
        assertEquals(Delta.ofText("abcd\n"), contentSeenByANewcomer(hubs));
    }

    @Test
    void batch_madeBeforeSeeingACommittedOp_isTransformedOpByOp_committedOpWinsTies() {
        DocumentHubs hubs = hubs();
        DocumentSession[] sessions = bothJoined(hubs);
        sessions[1].submit(1, 0, insertAt(0, "B"));
        bob.next(RecordingParticipant.Ack.class);
        ada.next(Edit.class);

        // Made against version 0: Ada had not seen B. "x" then "y" before it, at the same index as B.
        sessions[0].submitAll(0, List.of(new ClientOp(1, insertAt(0, "x")), new ClientOp(2, insertAt(0, "y"))));

        assertEquals(new RecordingParticipant.Ack(2, 3), ada.next(RecordingParticipant.Ack.class));
        assertEquals(insertAt(1, "x"), bob.next(Edit.class).delta(), "x goes after the committed B");
        assertEquals(insertAt(1, "y"), bob.next(Edit.class).delta(), "y before x, as Ada made it");
        assertEquals(Delta.ofText("Byx\n"), contentSeenByANewcomer(hubs));
    }

    /**
     * Random documents, a random op of Bob's committed first, then a random batch of Ada's made before seeing it.
     * Ada, as a client, brings Bob's op past her batch one op at a time (the committed op wins ties); Bob applies
     * the broadcast ops one by one; a newcomer gets the hub's content. All three must be equal. (Transforming Bob's
     * op past the batch's composition instead can order tied inserts differently: the protocol tells clients to go
     * op by op.) Replay with {@code -Dquire.seed=N}.
     */
    @Test
    void batch_againstConcurrentOps_convergesWithTheClientTransformingOpByOp() {
        long seed = Long.getLong("quire.seed", ThreadLocalRandom.current().nextLong());
        System.out.println("OpBatchTest seed=" + seed + " (replay with -Dquire.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int round = 0; round < 40; round++) {
            String id = "r" + round;
            RecordingParticipant a = new RecordingParticipant("ada");
            RecordingParticipant b = new RecordingParticipant("bob");
            DocumentHubs hubs = hubs();
            DocumentSession sa = hubs.join(id, a, null);
            a.next(Welcome.class);
            DocumentSession sb = hubs.join(id, b, null);
            b.next(Welcome.class);
            a.next(Presence.class);

            Delta start = RandomEdits.next(random, 1);
            sa.submit(1, 0, start);
            a.next(RecordingParticipant.Ack.class);
            Delta base = Delta.ofText("\n").compose(start);
            b.next(Edit.class);

            Delta bobs = RandomEdits.next(random, base.length());
            sb.submit(1, 1, bobs);
            b.next(RecordingParticipant.Ack.class);
            a.next(Edit.class);

            List<ClientOp> batch = new ArrayList<>();
            Delta adaView = base;
            int size = 1 + random.nextInt(6);
            for (int i = 0; i < size; i++) {
                Delta op = RandomEdits.next(random, adaView.length());
                batch.add(new ClientOp(2 + i, op));
                adaView = adaView.compose(op);
            }
            sa.submitAll(1, batch);

            String context = "seed " + seed + " round " + round;
            assertEquals(new RecordingParticipant.Ack(1 + size, 2 + size), a.next(RecordingParticipant.Ack.class),
                    context);
            Delta incoming = bobs;
            for (ClientOp mine : batch) {
                incoming = mine.delta().transform(incoming, false);
            }
            Delta expected = adaView.compose(incoming);
            Delta bobView = base.compose(bobs);
            for (int i = 0; i < size; i++) {
                bobView = bobView.compose(b.next(Edit.class).delta());
            }
            assertEquals(expected, bobView, context);
            RecordingParticipant carol = new RecordingParticipant("carol");
            hubs.join(id, carol, null);
            assertEquals(expected, carol.next(Welcome.class).content(), context);
        }
    }

    @Test
    void batch_withAnInvalidOp_keepsTheOpsBeforeIt_refusesIt_andDropsTheRest() {
        DocumentHubs hubs = hubs();
        DocumentSession a = bothJoined(hubs)[0];

        a.submitAll(0, List.of(new ClientOp(1, insertAt(0, "a")), new ClientOp(2, insertAt(1, "b")),
                new ClientOp(3, Delta.builder().retain(50).delete(1).build()), new ClientOp(4, insertAt(0, "z"))));

        RecordingParticipant.Rejected rejected = ada.next(RecordingParticipant.Rejected.class);
        assertEquals(ErrorCode.INVALID_DELTA, rejected.code());
        assertEquals(3L, rejected.seq());
        assertEquals(new RecordingParticipant.Ack(2, 2), ada.next(RecordingParticipant.Ack.class));
        assertEquals(1, bob.next(Edit.class).version());
        assertEquals(2, bob.next(Edit.class).version());
        a.submit(5, 2, insertAt(2, "c"));
        assertEquals(5, bob.next(Edit.class).seq(), "neither the refused op nor the one after it came");
        assertEquals(Delta.ofText("abc\n"), contentSeenByANewcomer(hubs));
    }

    @Test
    void batch_resent_isAcknowledgedAgain_butAppliedOnce_alsoAfterAReload() {
        DocumentHubs first = hubs();
        DocumentSession a = bothJoined(first)[0];
        a.submitAll(0, typing(1, 0, "hey"));
        assertEquals(new RecordingParticipant.Ack(3, 3), ada.next(RecordingParticipant.Ack.class));
        a.submitAll(0, typing(1, 0, "hey"));
        assertEquals(new RecordingParticipant.Ack(3, 3), ada.next(RecordingParticipant.Ack.class));

        DocumentHubs restarted = hubs(); // a fresh process on the same storage
        RecordingParticipant again = new RecordingParticipant("ada");
        DocumentSession session = restarted.join("d", again, 3L);
        again.next(Welcome.class);
        session.submitAll(0, typing(1, 0, "hey"));

        assertEquals(new RecordingParticipant.Ack(3, 3), again.next(RecordingParticipant.Ack.class));
        assertEquals(3, store.ops("d", 0, 100).size());
        assertEquals(Delta.ofText("hey\n"), contentSeenByANewcomer(restarted));
    }

    @Test
    void batch_resentAfterItWasCutShortByARefusal_acknowledgesThePrefix_andRefusesTheRest() {
        DocumentHubs hubs = hubs();
        DocumentSession a = bothJoined(hubs)[0];
        List<ClientOp> batch = List.of(new ClientOp(1, insertAt(0, "a")),
                new ClientOp(2, Delta.builder().retain(50).delete(1).build()), new ClientOp(3, insertAt(0, "z")));
        a.submitAll(0, batch);
        ada.next(RecordingParticipant.Rejected.class);
        ada.next(RecordingParticipant.Ack.class);

        a.submitAll(0, batch);

        RecordingParticipant.Rejected rejected = ada.next(RecordingParticipant.Rejected.class);
        assertEquals(ErrorCode.INVALID_SEQ, rejected.code());
        assertEquals(2L, rejected.seq());
        assertEquals(new RecordingParticipant.Ack(1, 1), ada.next(RecordingParticipant.Ack.class));
        assertEquals(1, store.ops("d", 0, 100).size());
    }
}
