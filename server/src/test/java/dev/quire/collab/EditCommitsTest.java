package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.InMemoryDocumentStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What participants are told of a commit is derived from the store's answer, not from what was appended. */
class EditCommitsTest {
    private static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");

    private final Participants participants = new Participants("d");
    private final CommitOutbox outbox = new CommitOutbox("d", Runnable::run, failed -> {
        throw new AssertionError("no gate fails here");
    });
    private final EditCommits commits = new EditCommits("d", new InMemoryDocumentStore(), outbox, participants,
            HubMetrics.NONE);
    private final RecordingParticipant ada = new RecordingParticipant("ada");
    private final RecordingParticipant bob = new RecordingParticipant("bob");
    private final RecordingParticipant cy = new RecordingParticipant("cy");

    private static CommittedOp op(long version, String clientId, long seq) {
        return new CommittedOp(version, clientId, seq, Delta.builder().insert("x" + version).build(), clientId, AT);
    }

    @Test
    void ownOps_areAcknowledgedByTheLast_andBroadcastToOthersAsOneEditPerOp() {
        participants.add(ada);
        participants.add(bob);
        participants.add(cy);
        commits.tell(new EditCommits.Answer(List.of(op(1, "ada", 7), op(2, "ada", 8)), System.nanoTime()), ada,
                List.of(bob, cy));

        assertEquals(new RecordingParticipant.Ack(8, 2), ada.next(RecordingParticipant.Ack.class));
        assertNull(ada.poll(0), "the author gets only its ack");
        Edit first = bob.next(Edit.class);
        assertEquals(List.of(1L, "ada", 7L), List.of(first.version(), first.clientId(), first.seq()));
        assertEquals(2, bob.next(Edit.class).version());
        assertSame(first, cy.next(Edit.class), "every recipient gets the same instance, to encode it once");
        assertEquals(2, cy.next(Edit.class).version());
    }

    @Test
    void opsOfOthersCommittedFirst_reachTheAuthorBeforeItsAck_andEveryoneInVersionOrder() {
        participants.add(ada);
        participants.add(bob);
        commits.tell(new EditCommits.Answer(List.of(op(1, "zed", 3), op(2, "ada", 9)), System.nanoTime()), ada,
                List.of(bob));

        assertEquals("zed", ada.next(Edit.class).clientId());
        assertEquals(new RecordingParticipant.Ack(9, 2), ada.next(RecordingParticipant.Ack.class));
        assertEquals(List.of(1L, 2L), List.of(bob.next(Edit.class).version(), bob.next(Edit.class).version()));
    }

    @Test
    void aRecipientThatLeftMeanwhile_isToldNothing() {
        participants.add(ada);
        commits.tell(new EditCommits.Answer(List.of(op(1, "ada", 1)), System.nanoTime()), ada, List.of(bob));

        assertEquals(new RecordingParticipant.Ack(1, 1), ada.next(RecordingParticipant.Ack.class));
        assertNull(bob.poll(0));
    }
}
