package dev.quire.store;

import java.util.List;

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
 */
public record Appended(List<CommittedOp> others, List<CommittedOp> ours, List<CommittedOp> alreadyCommitted) {
    public Appended {
        others = List.copyOf(others);
        ours = List.copyOf(ours);
        alreadyCommitted = List.copyOf(alreadyCommitted);
        if (!ours.isEmpty() && !alreadyCommitted.isEmpty()) {
            throw new IllegalArgumentException("an append either commits its ops or finds some committed already");
        }
    }

    /** An append that found nothing in its way: {@code ours} committed right after the caller's head. */
    public static Appended alone(List<CommittedOp> ours) {
        return new Appended(List.of(), ours, List.of());
    }
}
