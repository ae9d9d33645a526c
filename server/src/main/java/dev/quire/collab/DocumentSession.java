package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.SaveTrigger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A participant's handle on the document it joined: what a transport calls when its client
 * sends something. Calls return at once; outcomes arrive through the {@link Participant}.
 *
 * <p>The handle exists from the moment of the join, before the document is loaded (loading runs on the store's
 * threads, see {@link DocumentHubs}): what the client sends meanwhile waits here, in order, and goes to the hub
 * right after the join. A {@link #leave} before the load completes is kept, and the join is then never made, so a
 * connection that closes while its document loads leaves no participant behind. Thread-safe.
 */
public final class DocumentSession {
    private final String documentId;
    private final Participant participant;
    private final Long resumeFrom;
    /** The highest seq of the client's message in flight as it joins, or null. */
    private final Long inFlightSeq;
    /** Told of this participant's presence, for the sessions of other nodes. */
    private final OtherNodes otherNodes;
    /** Guarded by this: the hub once joined, null before. */
    private DocumentHub hub;
    /** Gives the registry's hold on the hub back; set with {@link #hub}. */
    private Runnable release;
    /** Guarded by this: what the client sent before the join, in order; null once joined. */
    private List<Consumer<DocumentHub>> waiting = new ArrayList<>();
    private boolean left;

    DocumentSession(String documentId, Participant participant, Long resumeFrom) {
        this(documentId, participant, resumeFrom, null, OtherNodes.NONE);
    }

    DocumentSession(String documentId, Participant participant, Long resumeFrom, Long inFlightSeq,
                    OtherNodes otherNodes) {
        this.documentId = documentId;
        this.participant = participant;
        this.resumeFrom = resumeFrom;
        this.inFlightSeq = inFlightSeq;
        this.otherNodes = otherNodes;
    }

    /** The highest seq of the client's message in flight as it joined, or null if it had none. */
    Long inFlightSeq() {
        return inFlightSeq;
    }

    public String documentId() {
        return documentId;
    }

    Participant participant() {
        return participant;
    }

    /**
     * The document is loaded: joins it, then hands over what waited, unless the session was left meanwhile
     * ({@code release} is then run at once). {@code committedRun} is what the store holds of the client (see {@link
     * DocumentHub#join}); {@code fenced}: its message in flight was fenced off, so it is welcomed with the content
     * (a resume would have it resend a message the store now refuses).
     */
    void joined(DocumentHub loaded, List<CommittedOp> committedRun, boolean fenced, Runnable release) {
        synchronized (this) {
            if (!left) {
                this.hub = loaded;
                this.release = release;
                // Under the lock, so that nothing sent from now on overtakes what waited.
                loaded.join(participant, fenced ? null : resumeFrom, committedRun);
                waiting.forEach(action -> action.accept(loaded));
                waiting = null;
                otherNodes.joined(documentId, participant.user());
                return;
            }
        }
        release.run();
    }

    /** The document could not be joined: the session is over, and the participant is told why. */
    void turnedAway(ErrorCode code, String detail) {
        synchronized (this) {
            left = true;
            waiting = null;
        }
        participant.disconnect(code, detail);
    }

    /** Runs {@code action} on the hub now if joined, else right after the join; never once left. */
    private void onHub(Consumer<DocumentHub> action) {
        DocumentHub joined;
        synchronized (this) {
            if (left) {
                return;
            }
            if (hub == null) {
                waiting.add(action);
                return;
            }
            joined = hub;
        }
        action.accept(joined);
    }

    /** Submits the client's op number {@code seq}, made against {@code baseVersion}. */
    public void submit(long seq, long baseVersion, Delta delta) {
        onHub(h -> h.submit(participant, baseVersion, List.of(new ClientOp(seq, delta))));
    }

    /**
     * Submits several of the client's ops at once, each made on top of the one before it, the first against
     * {@code baseVersion}; they are sequenced together, committed atomically and acknowledged with one ack (the last
     * seq).
     */
    public void submitAll(long baseVersion, List<ClientOp> ops) {
        onHub(h -> h.submit(participant, baseVersion, ops));
    }

    /** Sets the client's selection; null when its editor lost focus. */
    public void updatePresence(Selection selection) {
        onHub(h -> {
            h.updatePresence(participant, selection);
            otherNodes.present(documentId, participant.user(), selection);
        });
    }

    /**
     * Saves the document as it is now (trigger {@code explicit}); everyone in it is told when the save commits.
     *
     * @return the outcome, for the caller to answer a refusal (its transport knows how to say it answers a save);
     *     never completed if the session is left before the document is joined
     */
    public CompletableFuture<SaveResult> save(String label) {
        CompletableFuture<SaveResult> outcome = new CompletableFuture<>();
        onHub(h -> h.save(participant.user().name(), participant.user().clientId(), SaveTrigger.EXPLICIT, label)
                .whenComplete((result, error) -> {
                    if (error != null) {
                        outcome.completeExceptionally(error);
                    } else {
                        outcome.complete(result);
                    }
                }));
        return outcome;
    }

    /** Leaves the document; idempotent, and also before the document is joined. */
    public void leave() {
        DocumentHub joined;
        Runnable releaseHub;
        synchronized (this) {
            if (left) {
                return;
            }
            left = true;
            waiting = null;
            joined = hub;
            releaseHub = release;
        }
        if (joined != null) {
            joined.leave(participant);
            releaseHub.run();
            otherNodes.left(documentId, participant.user().clientId());
        }
    }
}
