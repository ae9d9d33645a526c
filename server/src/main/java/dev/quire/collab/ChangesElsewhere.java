package dev.quire.collab;

/**
 * Takes what other nodes did ({@link NodeEvent}) into a document open here: their committed ops go to the
 * {@link SharedCommits} (the one place where a committed op enters the document), a rename or a delete changes the
 * state and is told, presence is shown. A participant of another node is shown to the sessions here and never sent
 * anything; a client that is here itself is shown as it is here.
 *
 * <p>Runs on the document's sequence, passed the document's state.
 */
final class ChangesElsewhere {
    private final CommitOutbox outbox;
    private final Participants participants;
    private final DocumentSaves saves;
    /** Null on a store of one node, which hears no ops from elsewhere. */
    private final SharedCommits shared;

    ChangesElsewhere(CommitOutbox outbox, Participants participants, DocumentSaves saves, SharedCommits shared) {
        this.outbox = outbox;
        this.participants = participants;
        this.saves = saves;
        this.shared = shared;
    }

    void apply(OpenDocument document, NodeEvent event) {
        if (event instanceof NodeEvent.Committed committed) {
            if (shared != null) {
                shared.fromFeed(document, committed.ops());
            }
        } else if (event instanceof NodeEvent.HeadAt head) {
            if (shared != null) {
                shared.catchUpTo(document, head.version());
            }
        } else if (event instanceof NodeEvent.Deleted) {
            deleted(document);
        } else if (!document.isDeleted() && !document.isFailed()) {
            told(document, event);
        }
    }

    private void told(OpenDocument document, NodeEvent event) {
        if (event instanceof NodeEvent.Renamed renamed) {
            document.renamed(renamed.title(), renamed.at());
            outbox.after(document.lastCommit(), () -> participants.tellAll(p -> p.titleChanged(renamed.title(),
                    renamed.by())));
        } else if (event instanceof NodeEvent.Present present) {
            if (!participants.hasClient(present.presence().user().clientId())) {
                outbox.after(document.lastCommit(), () -> participants.tellAll(p -> p.presenceChanged(
                        present.presence())));
            }
        } else if (event instanceof NodeEvent.Left left) {
            if (!participants.hasClient(left.clientId())) {
                outbox.after(document.lastCommit(), () -> participants.tellAll(p -> p.left(left.clientId())));
            }
        }
    }

    /** From now on the document refuses joins and writes here too; its sessions are closed. */
    private void deleted(OpenDocument document) {
        if (document.isDeleted()) {
            return;
        }
        document.deleted();
        saves.stopAutosave();
        outbox.after(document.lastCommit(), () -> participants.disconnectAll(ErrorCode.DOCUMENT_DELETED,
                "document " + document.id() + " was deleted"));
    }
}
