package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.ot.InvalidDeltaException;
import dev.quire.ot.Rebase;
import dev.quire.store.AppendReservation;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentStore;
import dev.quire.store.OpPage;
import dev.quire.store.StorageBusyException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edit path up to the commit, for a client's ops (one op is a batch of one) and a REST write alike: admission to
 * the store's write queue → exactly-once check → version and write-budget checks → rebase past what was committed
 * since the base → apply to the {@link OpenDocument}. Tells nobody anything: it returns what happened, and the hub
 * tells the author and commits what was applied.
 *
 * <p>A batch's ops are each made on top of the one before, the first against the base version; they are brought
 * past the committed ops one at a time ({@link Rebase#past}; the committed ops keep priority: an insert already made
 * stays first at the same index) and applied with consecutive versions. A refused op stops the batch: the ops before
 * it stay, and the ops after it are dropped, since each was made on top of the refused one. A message whose first op
 * is already committed is a resend: a batch commits atomically, so all of it is committed unless it was cut short.
 *
 * <p>Runs on the document's sequence.
 */
final class EditSequencer {
    private static final Logger log = LoggerFactory.getLogger(EditSequencer.class);

    /** What became of a client's message. */
    sealed interface Sequenced permits Refused, Resent, Applied {
    }

    /** Nothing was applied: op {@code seq} is refused; with {@code retryAfter} (or null) it may be sent again then. */
    record Refused(ErrorCode code, String detail, long seq, Duration retryAfter) implements Sequenced {
        Refused(ErrorCode code, String detail, long seq) {
            this(code, detail, seq, null);
        }

        /** Tells {@code author} of {@code refused}, if not null. */
        static void tell(Participant author, Refused refused) {
            if (refused == null) {
                return;
            }
            if (refused.retryAfter() == null) {
                author.rejected(refused.code(), refused.detail(), refused.seq());
            } else {
                author.rejected(refused.code(), refused.detail(), refused.seq(), refused.retryAfter());
            }
        }
    }

    /**
     * A resend: its ops up to {@code seq} are committed, the last as {@code version}, and get the ack they missed;
     * {@code unapplied} refuses the first of its ops that never was (a batch cut short), or is null.
     */
    record Resent(long seq, long version, Refused unapplied) implements Sequenced {
    }

    /**
     * {@code ops} were applied in memory and are to be appended with the {@code room} reserved for the message;
     * {@code cutShort} refuses the op that stopped the batch, or is null.
     */
    record Applied(List<CommittedOp> ops, AppendReservation room, Refused cutShort) implements Sequenced {
    }

    private final DocumentStore store;
    private final WriteBudget writeBudget;
    private final HubSettings settings;
    private final HubMetrics metrics;
    private final Clock clock;

    EditSequencer(DocumentStore store, WriteBudget writeBudget, HubSettings settings, HubMetrics metrics, Clock clock) {
        this.store = store;
        this.writeBudget = writeBudget;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Sequences {@code batch} by {@code author} (counted against {@code writer}'s budget too, if not null), its first
     * op made against {@code baseVersion}. Unless the outcome is {@link Applied}, the reserved room is given back.
     */
    Sequenced sequence(OpenDocument document, User author, String writer, long baseVersion, List<ClientOp> batch) {
        return sequence(document, null, author, writer, baseVersion, batch, null);
    }

    /**
     * As {@link #sequence(OpenDocument, User, String, long, List)}, on a store shared by nodes: the ops are brought
     * past the committed ops and then past those in {@code next}, and added to it instead of being applied to the
     * document (null: applied, as on a store of one node). {@code older} are the ops after the base read from the
     * store beforehand, off the document's sequence, when the document no longer keeps them (null: none read).
     */
    Sequenced sequence(OpenDocument document, PendingAppend next, User author, String writer, long baseVersion,
                       List<ClientOp> batch, OpPage older) {
        long firstSeq = batch.get(0).seq();
        if (document.isDeleted()) {
            return new Refused(ErrorCode.DOCUMENT_DELETED, "document " + document.id() + " was deleted", firstSeq);
        }
        long bytes = 0;
        for (ClientOp op : batch) {
            bytes += CommittedOp.estimatedBytes(op.delta(), author.clientId(), author.name());
        }
        // Admission first: a full write queue refuses at once, before even the dedup check (which may read the
        // store, and so wait for the very writer that is behind). A resend refused so is simply sent again later.
        AppendReservation room;
        try {
            room = store.reserveAppend(batch.size(), bytes);
        } catch (StorageBusyException e) {
            metrics.storeBusy();
            return new Refused(ErrorCode.SERVER_BUSY, e.getMessage() + "; nothing was applied, send it again later",
                    firstSeq, e.retryAfter());
        }
        Sequenced outcome = null;
        try {
            outcome = admitted(document, next, author, writer, baseVersion, batch, bytes, room, older);
            return outcome;
        } finally {
            if (!(outcome instanceof Applied)) {
                room.release(); // nothing is appended
            }
        }
    }

    private Sequenced admitted(OpenDocument document, PendingAppend next, User author, String writer, long baseVersion,
                               List<ClientOp> batch, long bytes, AppendReservation room, OpPage older) {
        long firstSeq = batch.get(0).seq();
        CommittedSeqs.Check check = document.check(author.clientId(),
                batch.stream().map(ClientOp::seq).toList());
        if (check instanceof CommittedSeqs.Resent resent) {
            return resentBatch(batch, resent);
        }
        if (check instanceof CommittedSeqs.Stale stale) {
            // Taken as new it could be appended twice; reusing a committed seq would be acknowledged, never applied.
            return new Refused(ErrorCode.INVALID_SEQ, "seq " + firstSeq + " is not larger than " + stale.lastSeq()
                    + ", the last seq this client committed to the document, and is not a resend of that op: seqs"
                    + " must grow", firstSeq);
        }
        Refused refused = beyondReach(document, firstSeq, baseVersion);
        if (refused != null) {
            return refused;
        }
        Optional<WriteBudget.Refusal> spent = writeBudget.charge(document.id(), writer, bytes);
        if (spent.isPresent()) {
            return new Refused(ErrorCode.WRITE_BUDGET_EXCEEDED, spent.get().detail(bytes), firstSeq,
                    spent.get().retryAfter());
        }
        long bound = settings.bytes().catchUp();
        List<CommittedOp> since = document.opsSince(baseVersion, bound, older);
        if (since == null) {
            return new Refused(ErrorCode.VERSION_TOO_OLD, "the ops committed after base version " + baseVersion
                    + " are more than " + bound + " bytes; reload the document", firstSeq);
        }
        List<Delta> changes = rebased(since, batch);
        if (next == null) {
            return applied(document, author, batch, changes, baseVersion < document.version(), room);
        }
        List<Delta> inAppend = next.isEmpty() ? changes : Rebase.past(next.changes(), changes);
        return added(document, next, author, batch, changes, inAppend,
                baseVersion < document.version() || !next.isEmpty(), room);
    }

    /** The ack a resend missed, and a refusal of the first of its ops that were never applied, if any. */
    private static Resent resentBatch(List<ClientOp> batch, CommittedSeqs.Resent resent) {
        Refused unapplied = batch.stream().filter(op -> op.seq() > resent.seq()).findFirst()
                .map(op -> new Refused(ErrorCode.INVALID_SEQ, "op #" + op.seq() + " was not applied: this batch"
                        + " resends ops already committed (up to #" + resent.seq() + "; a batch cut short by a refused"
                        + " op); send it again in a new batch", op.seq()))
                .orElse(null);
        return new Resent(resent.seq(), resent.version(), unapplied);
    }

    /** A base version the document cannot bring up to now, refused; null if it can. */
    private Refused beyondReach(OpenDocument document, long seq, long baseVersion) {
        long version = document.version();
        if (baseVersion > version) {
            return new Refused(ErrorCode.VERSION_IN_FUTURE,
                    "base version " + baseVersion + " is ahead of the document's version " + version, seq);
        }
        if (version - baseVersion > settings.maxTransformDistance()) {
            return new Refused(ErrorCode.VERSION_TOO_OLD, "base version " + baseVersion + " is more than "
                    + settings.maxTransformDistance() + " versions behind " + version + "; reload the document", seq);
        }
        return null;
    }

    /**
     * The batch's changes brought past {@code since}. A lone op skips carrying the committed ops forward past it,
     * which nothing would use: it is {@link Rebase#past} with the last step left out.
     */
    static List<Delta> rebased(List<CommittedOp> since, List<ClientOp> batch) {
        if (batch.size() == 1) {
            Delta change = batch.get(0).delta();
            for (CommittedOp committed : since) {
                change = committed.delta().transform(change, true);
            }
            return List.of(change);
        }
        return Rebase.past(since.stream().map(CommittedOp::delta).toList(),
                batch.stream().map(ClientOp::delta).toList());
    }

    /**
     * Adds the changes ({@code changes} as made on the committed version, {@code inAppend} after the ops before them
     * in the append) to the next append in order until one is refused.
     */
    private Sequenced added(OpenDocument document, PendingAppend next, User author, List<ClientOp> batch,
                            List<Delta> changes, List<Delta> inAppend, boolean transformed, AppendReservation room) {
        List<CommittedOp> ops = new ArrayList<>(batch.size());
        Refused cutShort = null;
        next.beginMessage();
        for (int i = 0; i < batch.size() && cutShort == null; i++) {
            long seq = batch.get(i).seq();
            cutShort = tooLong(next.length(), inAppend.get(i), seq);
            if (cutShort != null) {
                continue;
            }
            try {
                ops.add(next.add(document, changes.get(i), inAppend.get(i), author, seq, clock.instant()));
                metrics.opApplied(transformed);
            } catch (InvalidDeltaException | UnsupportedOperationException e) {
                cutShort = new Refused(ErrorCode.INVALID_DELTA, e.getMessage(), seq);
            }
        }
        return ops.isEmpty() ? cutShort : new Applied(List.copyOf(ops), room, cutShort);
    }

    /** The refusal of {@code change} if it would make a document of {@code length} too long; else null. */
    private Refused tooLong(int length, Delta change, long seq) {
        long nextLength = (long) length + change.changeLength();
        return nextLength > settings.maxDocumentLength() ? new Refused(ErrorCode.TOO_LARGE, "the document would be "
                + nextLength + " characters long; the limit is " + settings.maxDocumentLength(), seq) : null;
    }

    /** Applies the changes in order until one is refused. */
    private Sequenced applied(OpenDocument document, User author, List<ClientOp> batch, List<Delta> changes,
                              boolean transformed, AppendReservation room) {
        List<CommittedOp> ops = new ArrayList<>(batch.size());
        Refused cutShort = null;
        for (int i = 0; i < batch.size() && cutShort == null; i++) {
            long seq = batch.get(i).seq();
            Delta change = changes.get(i);
            cutShort = tooLong(document.length(), change, seq);
            if (cutShort != null) {
                continue;
            }
            try {
                ops.add(document.apply(change, author, seq, clock.instant()));
                metrics.opApplied(transformed);
            } catch (InvalidDeltaException | UnsupportedOperationException e) {
                cutShort = new Refused(ErrorCode.INVALID_DELTA, e.getMessage(), seq);
            }
        }
        int dropped = batch.size() - ops.size() - 1;
        if (cutShort != null && dropped > 0) {
            log.debug("dropped the {} ops after refused op #{} of {}", dropped, cutShort.seq(), author.clientId());
        }
        if (ops.isEmpty()) {
            return cutShort;
        }
        document.messageApplied(author.clientId(), ops);
        return new Applied(List.copyOf(ops), room, cutShort);
    }
}
