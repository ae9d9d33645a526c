package dev.quire.collab;

import dev.quire.cluster.InOrderOps;
import dev.quire.cluster.OpFeed;
import dev.quire.store.AppendReservation;
import dev.quire.store.Appended;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edit path of a document on a store shared by nodes (docs/cluster.md): the document holds only what is
 * committed. Appends are pipelined: up to {@link #MAX_APPENDS_IN_FLIGHT} at a time, each made of every message
 * waiting when it is sent ({@link PendingAppend}), made on top of the committed version here - so a later one is made
 * on the same version as the earlier ones still in flight, and the store brings it past them as past what other nodes
 * committed (the store's one writer takes them in order, in one transaction if they are queued together). The store
 * answers with the ops committed since that version (others', and ours of earlier appends) and ours; ops of other
 * nodes also arrive through the feed ({@link InOrderOps}: in version order, gaps read from the store). Whatever the
 * source, {@link #applyAll} is the one place where a committed op enters the document and participants are told of
 * it: its author gets its ack (if its message is in flight here), everyone else the op. A client has at most one
 * message in flight: its next waits for its commit, as it is made on top of it.
 *
 * <p>Confined to the document's sequence, and passed the document's state, as the hub's other parts are.
 */
final class SharedCommits implements EditPath {
    private static final Logger log = LoggerFactory.getLogger(SharedCommits.class);

    /**
     * The ack of a resend committed already (maybe by another node) at {@code version}, told once this copy has
     * applied that version: an ack tells the client that it has every op before it.
     */
    private record LateAck(Participant author, long seq, long version) {
    }

    /** A message sequenced into an append: its author is acknowledged with {@code lastSeq}'s version. */
    private record Sequenced(EditRequest message, long lastSeq, AppendReservation room) {
        String clientId() {
            return message.author().user().clientId();
        }
    }

    /** An append in flight: its messages not acknowledged yet, in its order (one by identity, not by contents). */
    private static final class InFlight {
        final List<Sequenced> unacked;

        InFlight(List<Sequenced> sequenced) {
            this.unacked = new ArrayList<>(sequenced);
        }
    }

    /**
     * Appends a document may have in flight at once. One in flight left the store idle while its answer came back to
     * the document's sequence and the next was sequenced (most of a commit's round trip on a busy machine); a few keep
     * the store's writer busy, and more add nothing but longer answers (each carries the ops of those before it).
     */
    static final int MAX_APPENDS_IN_FLIGHT = 4;
    /**
     * How long ops from the feed wait past a gap for it to close before the store is read for it. Batches of several
     * nodes reach Redis in the order their publishers got their answers, not in version order, and this node's own
     * ops come in the store's answer, often after a later op of another node on Redis: read at once, nearly every
     * such gap made a store read on the document's sequence (a profile of three nodes), and was then closed anyway.
     */
    static final Duration GAP_GRACE = Duration.ofMillis(200);
    /** What the ops told from committed answers wait for: nothing, they are durable (the outbox keeps the order). */
    private static final CompletableFuture<Void> COMMITTED = CompletableFuture.completedFuture(null);

    private final String documentId;
    private final DocumentStore store;
    private final SerialExecutor serial;
    private final CommitOutbox outbox;
    private final Participants participants;
    private final EditSequencer sequencer;
    private final DocumentSaves saves;
    private final HubMetrics metrics;
    private final OpFeed feed;
    private final InOrderOps fromOthers;
    private final ScheduledExecutorService scheduler;
    /** A read of the gaps in {@link #fromOthers} is scheduled. */
    private boolean gapReadDue;
    private final Deque<EditRequest> waiting = new ArrayDeque<>();
    /** Acks of resends whose version this copy has not reached yet, in the order they were found. */
    private final List<LateAck> lateAcks = new ArrayList<>();
    /** The appends in flight, oldest first. */
    private final Deque<InFlight> inFlight = new ArrayDeque<>();

    SharedCommits(OpenDocument document, HubContext context, SerialExecutor serial, CommitOutbox outbox,
                  Participants participants, EditSequencer sequencer, DocumentSaves saves) {
        this.documentId = document.id();
        this.store = context.store();
        this.serial = serial;
        this.outbox = outbox;
        this.participants = participants;
        this.sequencer = sequencer;
        this.saves = saves;
        this.metrics = context.metrics();
        this.feed = context.feed();
        this.scheduler = context.scheduler();
        this.fromOthers = new InOrderOps(documentId, document.version(), (id, from, to) -> {
            List<CommittedOp> read = store.ops(id, from, to);
            metrics.caughtUp(read.size());
            return read;
        }, context.settings().recentOpsKept());
    }

    /** A message of a participant (or a REST writer): sequenced into the next append. */
    @Override
    public void submit(OpenDocument document, EditRequest message) {
        waiting.addLast(message);
        appendNext(document);
    }

    /** Ops another node committed, from the feed: what waits past a gap is read if the gap is still open later. */
    void fromFeed(OpenDocument document, List<CommittedOp> ops) {
        applyAll(document, fromOthers.take(ops));
        if (fromOthers.waiting() == 0 || gapReadDue) {
            return;
        }
        gapReadDue = true;
        try {
            scheduler.schedule(() -> serial.execute(() -> readGaps(document)), GAP_GRACE.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            gapReadDue = false; // the node is stopping
        }
    }

    private void readGaps(OpenDocument document) {
        gapReadDue = false;
        applyAll(document, fromOthers.readGaps());
    }

    /** The committed head is at least {@code version} (a hint, a head check): what is missing is read. */
    void catchUpTo(OpenDocument document, long version) {
        applyAll(document, fromOthers.catchUpTo(version));
    }

    /**
     * Tells the acks of resends whose version is applied here; for those beyond it, what is missing is read first
     * (the resend was committed, so the store has it). Told before the ops up to it, an ack would make its client
     * take its version as reached and apply those ops over the wrong content.
     */
    private void ackResends(OpenDocument document) {
        long highest = 0;
        for (LateAck ack : lateAcks) {
            highest = Math.max(highest, ack.version());
        }
        if (highest > document.version()) {
            applyAll(document, fromOthers.catchUpTo(highest)); // tells the acks it reaches
        } else {
            tellLateAcks(document);
        }
    }

    /** Tells the acks of resends whose version is applied here (after the ops told up to it). */
    private void tellLateAcks(OpenDocument document) {
        for (Iterator<LateAck> it = lateAcks.iterator(); it.hasNext(); ) {
            LateAck ack = it.next();
            if (ack.version() <= document.version()) {
                it.remove();
                outbox.after(COMMITTED, () -> participants.tell(ack.author(),
                        p -> p.acknowledged(ack.seq(), ack.version())));
            }
        }
    }

    /** Unless enough appends are in flight, sequences what waits into one append and sends it. */
    private void appendNext(OpenDocument document) {
        if (inFlight.size() >= MAX_APPENDS_IN_FLIGHT || waiting.isEmpty() || document.isFailed()
                || document.isClosing()) {
            return;
        }
        Set<String> clientsInFlight = clientsInFlight();
        PendingAppend next = new PendingAppend(document);
        List<Sequenced> sequenced = new ArrayList<>();
        Deque<EditRequest> later = new ArrayDeque<>();
        while (!waiting.isEmpty()) {
            EditRequest message = waiting.pollFirst();
            User author = message.author().user();
            if (next.hasClient(author.clientId()) || clientsInFlight.contains(author.clientId())) {
                later.addLast(message); // a client's next message is made on its last: it waits for its commit
                continue;
            }
            EditSequencer.Sequenced outcome = sequencer.sequence(document, next, author, message.author().writer(),
                    message.baseVersion(), message.ops(), message.older());
            if (outcome instanceof EditSequencer.Refused refused) {
                EditSequencer.Refused.tell(message.author(), refused);
                message.done().accept(false);
            } else if (outcome instanceof EditSequencer.Resent resent) {
                EditSequencer.Refused.tell(message.author(), resent.unapplied());
                lateAcks.add(new LateAck(message.author(), resent.seq(), resent.version()));
                message.done().accept(false);
            } else if (outcome instanceof EditSequencer.Applied applied) {
                EditSequencer.Refused.tell(message.author(), applied.cutShort());
                List<CommittedOp> ops = applied.ops();
                sequenced.add(new Sequenced(message, ops.get(ops.size() - 1).seq(), applied.room()));
            }
        }
        waiting.addAll(later);
        ackResends(document);
        if (sequenced.isEmpty()) {
            return;
        }
        InFlight sent = new InFlight(sequenced);
        inFlight.addLast(sent);
        CompletableFuture<Appended> append = store.appendAfter(documentId, next.head(), next.messages());
        append.whenComplete((ignored, error) -> sequenced.forEach(s -> s.room().release()));
        document.committing(append.thenApply(ignored -> null));
        append.whenComplete((answer, error) -> serial.execute(() -> answered(document, sent, answer, error)));
    }

    private Set<String> clientsInFlight() {
        Set<String> clients = new HashSet<>();
        inFlight.forEach(append -> append.unacked.forEach(s -> clients.add(s.clientId())));
        return clients;
    }

    /** The store answered append {@code sent} (on the sequence). */
    private void answered(OpenDocument document, InFlight sent, Appended answer, Throwable error) {
        if (document.isFailed()) {
            if (inFlight.remove(sent)) {
                sent.unacked.forEach(s -> s.message().done().accept(false));
            }
            return;
        }
        if (error != null) {
            inFlight.forEach(append -> append.unacked.forEach(s -> s.message().done().accept(false)));
            inFlight.clear();
            waiting.forEach(m -> m.done().accept(false));
            waiting.clear();
            // Nothing told waits on this append (its ops are told from its answer), so the outbox is handed the
            // failure itself: it fails the document as on one node, its sessions reconnect and resend (their
            // committed seqs read afresh as they join), and the next join loads it again. Left alone, the
            // unacknowledged edits would wait forever.
            outbox.after(CompletableFuture.failedFuture(error), () -> { });
            return;
        }
        long durableAt = System.nanoTime();
        for (Sequenced s : sent.unacked) {
            metrics.opCommitted(Duration.ofNanos(durableAt - s.message().received()));
        }
        Set<String> ourClients = clientsInFlight();
        long othersFirst = answer.others().stream()
                .filter(op -> op.version() > document.version() && !ourClients.contains(op.clientId())).count();
        if (othersFirst > 0) {
            metrics.othersCommittedFirst((int) othersFirst);
        }
        applyAll(document, answer.others());
        if (!answer.alreadyCommitted().isEmpty()) {
            // A resend raced its first commit on another node: the store appended none of this append. Its
            // messages not acknowledged meanwhile (by the others' ops) are sequenced again, knowing those seqs.
            answer.alreadyCommitted().forEach(document::clientCommitted);
            for (int i = sent.unacked.size() - 1; i >= 0; i--) {
                waiting.addFirst(sent.unacked.get(i).message());
            }
        } else {
            applyAll(document, answer.ours());
            if (!answer.ours().isEmpty()) {
                feed.publish(documentId, answer.ours());
            }
            dropFenced(sent, answer.fenced());
        }
        inFlight.remove(sent);
        appendNext(document);
    }

    /**
     * The messages of append {@code sent} that a fence refused ({@code fenced}: their ops): their client joined
     * another session since, naming them in flight, and merges them there as a new message. They are dropped, and
     * the session that sent them, if still here, is ended as replaced (it is, by that newer one).
     */
    private void dropFenced(InFlight sent, List<CommittedOp> fenced) {
        for (CommittedOp op : fenced) {
            for (Iterator<Sequenced> it = sent.unacked.iterator(); it.hasNext(); ) {
                Sequenced s = it.next();
                if (s.lastSeq() == op.seq() && s.clientId().equals(op.clientId())) {
                    it.remove();
                    log.info("document {}: {}'s message up to #{} refused by its fence: its client joined another"
                            + " session, which merges it", documentId, s.clientId(), s.lastSeq());
                    s.message().done().accept(false);
                    Participant author = s.message().author();
                    if (participants.contains(author)) {
                        participants.remove(author);
                        outbox.after(COMMITTED, () -> author.disconnect(ErrorCode.SESSION_REPLACED,
                                "a newer connection joined with this client's identity on another node"));
                    }
                }
            }
        }
    }

    /**
     * Applies the committed {@code ops} that continue the document (those it has are skipped) and tells
     * participants. The ops of the append in flight may come through the feed's gap reads before the store's answer:
     * whichever comes first applies them and acknowledges their authors.
     */
    private void applyAll(OpenDocument document, List<CommittedOp> ops) {
        if (document.isFailed()) {
            return;
        }
        for (CommittedOp op : ops) {
            if (op.version() <= document.version()) {
                continue; // applied already, from the feed or the store's answer
            }
            try {
                document.applyCommitted(op);
            } catch (RuntimeException e) {
                log.error("committed op {} of document {} does not apply to this node's copy; reloading it",
                        op.version(), documentId, e);
                outbox.after(CompletableFuture.failedFuture(e), () -> { });
                return;
            }
            List<CommittedOp> behind = fromOthers.head() == op.version() - 1 ? fromOthers.committedHere(op)
                    : List.of();
            tell(document, op);
            applyAll(document, behind);
        }
        tellLateAcks(document);
        DocumentSnapshot snapshot = document.snapshotIfDue();
        if (snapshot != null) {
            outbox.after(COMMITTED, () -> store.saveSnapshot(documentId, snapshot));
        }
    }

    private boolean resentHere(Participant participant, CommittedOp op) {
        return lateAcks.stream().anyMatch(ack -> ack.author() == participant && ack.seq() == op.seq()
                && participant.user().clientId().equals(op.clientId()));
    }

    /**
     * Tells participants of committed {@code op}: its author's ack if its message is in the append in flight, the op
     * to everyone else here now. Recipients are fixed now: whoever joins later gets the op in its welcome.
     */
    private void tell(OpenDocument document, CommittedOp op) {
        participants.transformSelections(op.delta());
        Sequenced own = null;
        for (InFlight append : inFlight) {
            for (Sequenced s : append.unacked) {
                if (s.lastSeq() == op.seq() && s.clientId().equals(op.clientId())) {
                    own = s;
                }
            }
            if (own != null) {
                append.unacked.remove(own); // acknowledged once, whatever brings the op again
                break;
            }
        }
        if (own != null) {
            Participant author = own.message().author();
            saves.edited(author.user().name());
            outbox.after(COMMITTED, () -> participants.tell(author, p -> p.acknowledged(op.seq(), op.version())));
            own.message().done().accept(true);
        }
        List<Participant> recipients = participants.allExcept(null);
        Participant author = own == null ? null : own.message().author();
        // A session of its client here that resent it (its ack lost on another node) is told the ack at the op's place
        // among the others (its late ack then comes again and is ignored). One that did not send it here (the client
        // made it on another node, then moved here) is sent the op, not an ack: welcomed by this node while it was
        // behind, the client may not have the op at all, and an ack carries no delta. A client that has it in flight
        // takes its own op as its ack (docs/protocol.md); one that has its version already ignores it.
        recipients.remove(author);
        List<Participant> resent = recipients.stream().filter(p -> resentHere(p, op)).toList();
        recipients.removeAll(resent);
        if (!resent.isEmpty()) {
            outbox.after(COMMITTED, () -> resent.stream().filter(participants::contains)
                    .forEach(p -> participants.tell(p, q -> q.acknowledged(op.seq(), op.version()))));
        }
        if (recipients.isEmpty()) {
            return;
        }
        Edit edit = Edit.of(op);
        long appliedAt = System.nanoTime();
        outbox.after(COMMITTED, () -> {
            int told = 0;
            for (Participant p : recipients) {
                if (participants.contains(p)) {
                    participants.tell(p, q -> q.remoteOp(edit));
                    told++;
                }
            }
            if (told > 0) {
                metrics.broadcast(told, Duration.ofNanos(System.nanoTime() - appliedAt));
            }
        });
    }
}
