package dev.quire.collab;

import dev.quire.store.AppendReservation;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The commit of applied ops: appends them to the store and, once the store has answered, tells participants what it
 * committed, in version order, through the {@link CommitOutbox} (acknowledged means durable, and so does broadcast).
 *
 * <p>What is told is derived from the store's answer ({@link #tell}), not from what was appended: today the answer is
 * exactly the ops appended; a store shared by several servers may answer that ops of others were committed first
 * (they come before ours in the answer, and ours get the later versions), and the author then gets those as remote
 * ops before its ack. Runs on the document's sequence.
 */
final class EditCommits {
    /**
     * The store's answer to an append: the ops durable now, in version order.
     *
     * @param durableAt {@link System#nanoTime()} when the store answered, for the fan-out latency
     */
    record Answer(List<CommittedOp> committed, long durableAt) {
    }

    private final String documentId;
    private final DocumentStore store;
    private final CommitOutbox outbox;
    private final Participants participants;
    private final HubMetrics metrics;

    EditCommits(String documentId, DocumentStore store, CommitOutbox outbox, Participants participants,
                HubMetrics metrics) {
        this.documentId = documentId;
        this.store = store;
        this.outbox = outbox;
        this.participants = participants;
        this.metrics = metrics;
    }

    /**
     * Appends {@code ops} (applied in memory by {@code author}; the room reserved for them is given back once the
     * append completes) and tells participants once the store answers; then stores {@code snapshot}, if not null.
     *
     * @param received {@link System#nanoTime()} when the hub got the ops, for the commit latency
     * @return the append: what is told after it must wait for it
     */
    CompletableFuture<Void> append(Participant author, List<CommittedOp> ops, AppendReservation room, long received,
                                   DocumentSnapshot snapshot) {
        CompletableFuture<Void> commit = store.appendAll(documentId, ops);
        commit.whenComplete((ignored, error) -> room.release());
        // Taken on the committing thread: the fan-out latency starts there, so it includes the wait for this
        // document's sequence.
        CompletableFuture<Answer> answer = commit.thenApply(ignored -> {
            long now = System.nanoTime();
            metrics.opCommitted(Duration.ofNanos(now - received));
            return new Answer(ops, now);
        });
        // Recipients are fixed now: whoever joins before the commit completes gets these ops in its welcome (built
        // from memory), so broadcasting them to them as well would apply them twice.
        List<Participant> others = participants.allExcept(author);
        outbox.after(answer, () -> {
            tell(answer.join(), author, others);
            if (snapshot != null) {
                store.saveSnapshot(documentId, snapshot);
            }
        });
        return commit;
    }

    /**
     * Tells what the store committed: to the author, the ops of others among them and the ack of its own last one;
     * to {@code others} still here, every op. Each op is handed to every recipient as one {@link Edit} instance.
     */
    void tell(Answer answer, Participant author, List<Participant> others) {
        List<Edit> edits = answer.committed().stream().map(Edit::of).toList();
        String authorId = author.user().clientId();
        Edit own = null;
        for (Edit edit : edits) {
            if (edit.clientId().equals(authorId)) {
                own = edit;
            } else {
                participants.tell(author, p -> p.remoteOp(edit));
            }
        }
        if (own != null) {
            Edit ack = own;
            participants.tell(author, p -> p.acknowledged(ack.seq(), ack.version()));
        }
        int told = 0;
        for (Participant p : others) {
            if (participants.contains(p)) {
                for (Edit edit : edits) {
                    participants.tell(p, q -> q.remoteOp(edit));
                }
                told++;
            }
        }
        if (told > 0) {
            Duration fanOut = Duration.ofNanos(System.nanoTime() - answer.durableAt());
            for (int i = 0; i < edits.size(); i++) {
                metrics.broadcast(told, fanOut);
            }
        }
    }
}
