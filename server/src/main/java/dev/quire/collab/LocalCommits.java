package dev.quire.collab;

import dev.quire.store.DocumentSnapshot;

/**
 * The edit path on a store of one node: the ops are sequenced and applied to the document now, and committed in the
 * background ({@link EditCommits}), so the store can group many into one transaction; the author's ack and the
 * broadcast wait for the commit in the outbox.
 *
 * <p>Runs on the document's sequence, passed the document's state.
 */
final class LocalCommits implements EditPath {
    private final EditSequencer sequencer;
    private final EditCommits commits;
    private final CommitOutbox outbox;
    private final Participants participants;
    private final DocumentSaves saves;

    LocalCommits(EditSequencer sequencer, EditCommits commits, CommitOutbox outbox, Participants participants,
                 DocumentSaves saves) {
        this.sequencer = sequencer;
        this.commits = commits;
        this.outbox = outbox;
        this.participants = participants;
        this.saves = saves;
    }

    @Override
    public void submit(OpenDocument document, EditRequest request) {
        Participant author = request.author();
        EditSequencer.Sequenced outcome = sequencer.sequence(document, null, author.user(), author.writer(),
                request.baseVersion(), request.ops(), request.older());
        boolean applied = false;
        if (outcome instanceof EditSequencer.Refused refused) {
            EditSequencer.Refused.tell(author, refused);
        } else if (outcome instanceof EditSequencer.Resent resent) {
            // Resent after a reconnect: never applied twice, but the author gets the ack it missed.
            EditSequencer.Refused.tell(author, resent.unapplied());
            outbox.after(document.lastCommit(), () -> author.acknowledged(resent.seq(), resent.version()));
        } else if (outcome instanceof EditSequencer.Applied ops) {
            EditSequencer.Refused.tell(author, ops.cutShort());
            ops.ops().forEach(op -> participants.transformSelections(op.delta()));
            saves.edited(author.user().name());
            DocumentSnapshot snapshot = document.snapshotIfDue();
            document.committing(commits.append(author, ops.ops(), ops.room(), request.received(), snapshot));
            applied = true;
        }
        request.done().accept(applied);
    }
}
