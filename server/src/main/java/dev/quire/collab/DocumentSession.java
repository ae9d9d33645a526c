package dev.quire.collab;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.quire.ot.Delta;
import dev.quire.store.SaveTrigger;

/**
 * A participant's handle on the document it joined: what a transport calls when its client
 * sends something. Calls return at once; outcomes arrive through the {@link Participant}.
 */
public final class DocumentSession {
    private final DocumentHubs hubs;
    private final DocumentHub hub;
    private final Participant participant;
    private boolean left;

    DocumentSession(DocumentHubs hubs, DocumentHub hub, Participant participant) {
        this.hubs = hubs;
        this.hub = hub;
        this.participant = participant;
    }

    public String documentId() {
        return hub.id();
    }

    /** Submits the client's op number {@code seq}, made against {@code baseVersion}. */
    public void submit(long seq, long baseVersion, Delta delta) {
        hub.submit(participant, seq, baseVersion, delta);
    }

    /**
     * Submits several of the client's ops at once, each made on top of the one before it, the first against
     * {@code baseVersion}; they are sequenced together, committed atomically and acknowledged with one ack (the last
     * seq).
     */
    public void submitAll(long baseVersion, List<ClientOp> ops) {
        hub.submitAll(participant, baseVersion, ops);
    }

    /** Sets the client's selection; null when its editor lost focus. */
    public void updatePresence(Selection selection) {
        hub.updatePresence(participant, selection);
    }

    /**
     * Saves the document as it is now (trigger {@code explicit}); everyone in it is told when the save commits.
     *
     * @return the outcome, for the caller to answer a refusal (its transport knows how to say it answers a save)
     */
    public CompletableFuture<SaveResult> save(String label) {
        return hub.save(participant.user().name(), participant.user().clientId(), SaveTrigger.EXPLICIT, label);
    }

    /** Leaves the document; idempotent. */
    public synchronized void leave() {
        if (!left) {
            left = true;
            hubs.leave(hub, participant);
        }
    }
}
