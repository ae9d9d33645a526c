package dev.quire.store;

import dev.quire.ot.Delta;
import dev.quire.ot.Rebase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The store's answer to {@link DocumentStore#appendAfter}: what is committed after the head the caller knew, in
 * version order - first the ops others committed since that head, then the caller's ops as committed.
 *
 * @param others           ops committed after the caller's head by anyone else, before {@code ours}, in version order
 * @param ours             the caller's ops as committed: rebased past {@code others}, at the versions after them; empty
 *                         when {@code alreadyCommitted} is not
 * @param alreadyCommitted ops of the log whose (client, seq) the caller's ops repeat (a resend racing its first
 *                         commit on another node); when there are any, none of the caller's ops is appended, and the
 *                         caller sequences them again knowing these
 * @param fenced           the ops, as the caller sent them, of its messages that a client's fence refused
 *                         ({@link DocumentStore#lastBySeqFencing}): none of them is stored, the others' messages are
 *                         ({@code ours}); their client was welcomed elsewhere since and merges them as a new message
 */
public record Appended(List<CommittedOp> others, List<CommittedOp> ours, List<CommittedOp> alreadyCommitted,
                       List<CommittedOp> fenced) {
    public Appended {
        others = List.copyOf(others);
        ours = List.copyOf(ours);
        alreadyCommitted = List.copyOf(alreadyCommitted);
        fenced = List.copyOf(fenced);
        if (!alreadyCommitted.isEmpty() && (!ours.isEmpty() || !fenced.isEmpty())) {
            throw new IllegalArgumentException("an append that finds ops committed already stores and fences none");
        }
    }

    /** An answer that no fence refused anything of. */
    public Appended(List<CommittedOp> others, List<CommittedOp> ours, List<CommittedOp> alreadyCommitted) {
        this(others, ours, alreadyCommitted, List.of());
    }

    /**
     * What an append after a head commits when none of {@code messages} was committed before: the messages a fence
     * refuses ({@link #fencedOut}) left out, the rest brought past {@code others} ({@link #rebasedAfter}). The store
     * inserts {@link #ours()} if there are any.
     */
    public static Appended admitting(List<CommittedOp> others, List<List<CommittedOp>> messages,
                                     Map<String, Long> fences, long current) {
        List<List<CommittedOp>> fenced = fencedOut(messages, fences);
        List<List<CommittedOp>> admitted = fenced.isEmpty() ? messages
                : messages.stream().filter(m -> !fenced.contains(m)).toList();
        return new Appended(others, rebasedAfter(others, admitted, current), List.of(),
                fenced.stream().flatMap(List::stream).toList());
    }

    /**
     * {@code messages} split into those a fence refuses and the rest, in order: a message is refused when the first of
     * its seqs is below its client's fence in {@code fences} (client id → lowest acceptable seq); its later seqs, of
     * the same message, go with it (a message is stored whole or not at all).
     */
    public static List<List<CommittedOp>> fencedOut(List<List<CommittedOp>> messages, Map<String, Long> fences) {
        if (fences.isEmpty()) {
            return List.of();
        }
        return messages.stream().filter(m -> m.get(0).seq() < fences.getOrDefault(m.get(0).clientId(), 0L)).toList();
    }

    /**
     * The caller's {@code messages}, each made on the caller's head, as committed after {@code others} (committed
     * after that head, the last at {@code current}): each message is brought past everything committed before it -
     * the others, then the messages before it - as a hub of one node brings an op past what was committed after its
     * base. Each op is transformed past exactly the ops before it in the log, in log order, which is what every
     * client does with the ops it receives; a message transformed past the earlier messages first and then past the
     * others (the same changes in another order) could order tied inserts differently, as OT's transform is not
     * independent of the path.
     *
     * @return the ops, numbered from {@code current + 1}
     */
    public static List<CommittedOp> rebasedAfter(List<CommittedOp> others, List<List<CommittedOp>> messages,
                                                 long current) {
        List<Delta> before = new ArrayList<>(others.stream().map(CommittedOp::delta).toList());
        List<CommittedOp> ours = new ArrayList<>();
        long version = current;
        for (List<CommittedOp> message : messages) {
            List<Delta> rebased = before.isEmpty() ? message.stream().map(CommittedOp::delta).toList()
                    : Rebase.past(before, message.stream().map(CommittedOp::delta).toList());
            for (int i = 0; i < message.size(); i++) {
                CommittedOp op = message.get(i);
                ours.add(new CommittedOp(++version, op.clientId(), op.seq(), rebased.get(i), op.author(),
                        op.committedAt()));
            }
            before.addAll(rebased);
        }
        return ours;
    }

    /** An append that found nothing in its way: {@code ours} committed right after the caller's head. */
    public static Appended alone(List<CommittedOp> ours) {
        return new Appended(List.of(), ours, List.of());
    }
}
