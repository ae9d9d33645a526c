package dev.quire.collab;

import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exactly once by (client id, seq), and the rule that makes it safe: on one document a client's seqs only grow. A
 * message (one op, or a batch's ops) is therefore either new — its first seq is larger than any the client has
 * committed — or a resend of the client's last message (what it had in flight when its connection dropped), which
 * is answered with the ack it missed, or else it is refused. Without the rule a seq that goes back would be taken as
 * new and, resent later, appended a second time: the log's unique (document, client, seq) fails the commit, and a
 * failed commit closes every session of the document. And an op reusing a committed seq for a new edit (a restarted
 * counter, two connections sharing one seq space) would be acknowledged but never applied.
 *
 * <p>The client's last message is kept in memory (a resend is almost always of it, and it may not be durable yet);
 * when there is none — after a reload, or once the hub dropped the entry ({@link #forget}) — the store answers, and
 * takes a run of the client's ops at consecutive versions ending with its highest seq for that message (the log does
 * not record where a batch ended).
 *
 * <p>Confined to the document's serial executor, like the hub.
 */
final class CommittedSeqs {

    /** What a client's message is, given what the client has committed. */
    sealed interface Check {
    }

    /** Every seq of the message is larger than any the client has committed: apply it. */
    record Fresh() implements Check {
    }

    /**
     * A resend of the client's last message: its ops up to {@code seq}, the client's highest committed seq, are
     * committed, the last as {@code version}. Ops after {@code seq} in the message were never applied.
     */
    record Resent(long seq, long version) implements Check {
    }

    /** Neither new nor a resend of the last message, whose last seq is {@code lastSeq}: refuse it. */
    record Stale(long lastSeq) implements Check {
    }

    private static final Check FRESH = new Fresh();
    /** A client known to have committed nothing to the document. */
    private static final LastMessage NOTHING = new LastMessage(new long[0], 0);

    /** The ops of one message, in order; they hold consecutive versions from {@code firstVersion}. */
    private record LastMessage(long[] seqs, long firstVersion) {
        long lastSeq() {
            return seqs[seqs.length - 1];
        }

        Optional<Long> versionOf(long seq) {
            for (int i = 0; i < seqs.length; i++) {
                if (seqs[i] == seq) {
                    return Optional.of(firstVersion + i);
                }
            }
            return Optional.empty();
        }
    }

    private final String documentId;
    private final DocumentStore store;
    private final Map<String, LastMessage> latest = new HashMap<>();

    CommittedSeqs(String documentId, DocumentStore store) {
        this.documentId = documentId;
        this.store = store;
    }

    /**
     * Checks a message of {@code clientId} against what it has committed (or is committing). A client that joined
     * through a session is known from its join ({@link #joined}), so only a client with no entry - a REST writer
     * whose entry was dropped - makes this read the store.
     *
     * @param seqs the message's seqs, strictly increasing, at least one
     */
    Check check(String clientId, List<Long> seqs) {
        LastMessage inMemory = latest.get(clientId);
        long lastSeq;
        if (inMemory != null) {
            if (inMemory.seqs().length == 0) {
                return FRESH;
            }
            lastSeq = inMemory.lastSeq();
        } else {
            Optional<CommittedOp> last = store.lastBySeq(documentId, clientId);
            if (last.isEmpty()) {
                return FRESH;
            }
            lastSeq = last.get().seq();
        }
        if (seqs.get(0) > lastSeq) {
            return FRESH;
        }
        // A resend repeats the last message's seqs, from its start or not, up to the last committed one.
        long seq = -1;
        long version = -1;
        for (long next : seqs) {
            if (next > lastSeq) {
                break;
            }
            Optional<Long> committedAs = inMemory != null ? inMemory.versionOf(next)
                    : store.findBySeq(documentId, clientId, next).map(CommittedOp::version);
            if (committedAs.isEmpty() || (version >= 0 && committedAs.get() != version + 1)) {
                return new Stale(lastSeq);
            }
            seq = next;
            version = committedAs.get();
        }
        return seq == lastSeq ? new Resent(seq, version) : new Stale(lastSeq);
    }

    /** The client's highest committed (or committing) seq here, 0 when none is known: call after {@link #joined}. */
    long lastSeq(String clientId) {
        LastMessage inMemory = latest.get(clientId);
        return inMemory == null || inMemory.seqs().length == 0 ? 0 : inMemory.lastSeq();
    }

    /**
     * A client joins: {@code lastRun} is what the store holds of it, read off the document's sequence - its ops at
     * consecutive versions ending with its highest seq, oldest first, or none. What this copy knows may be stale:
     * the client may have committed on another node since. The newer of the two is kept, so that neither a resend
     * is taken for a new op nor a new op for a resend.
     */
    void joined(String clientId, List<CommittedOp> lastRun) {
        LastMessage inMemory = latest.get(clientId);
        if (lastRun.isEmpty()) {
            latest.putIfAbsent(clientId, NOTHING);
            return;
        }
        long storedLast = lastRun.get(lastRun.size() - 1).seq();
        if (inMemory == null || inMemory.seqs().length == 0 || inMemory.lastSeq() < storedLast) {
            applied(clientId, lastRun);
        }
    }

    /**
     * {@code op} of the client is committed (a store shared by nodes: this copy applies only what is). Ops of one
     * client at consecutive versions count as one message, as the store's answer would ({@link #check}).
     */
    void committed(CommittedOp op) {
        LastMessage inMemory = latest.get(op.clientId());
        if (inMemory != null && inMemory.seqs().length > 0) {
            long nextVersion = inMemory.firstVersion() + inMemory.seqs().length;
            if (inMemory.lastSeq() >= op.seq()) {
                return; // known already (its resend or an older op)
            }
            if (nextVersion == op.version()) {
                long[] seqs = Arrays.copyOf(inMemory.seqs(), inMemory.seqs().length + 1);
                seqs[seqs.length - 1] = op.seq();
                latest.put(op.clientId(), new LastMessage(seqs, inMemory.firstVersion()));
                return;
            }
        }
        latest.put(op.clientId(), new LastMessage(new long[] {op.seq()}, op.version()));
    }

    /** The client's message {@code ops} (one op, or a batch's applied ops) was applied; its commit may be pending. */
    void applied(String clientId, List<CommittedOp> ops) {
        long[] seqs = new long[ops.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = ops.get(i).seq();
        }
        latest.put(clientId, new LastMessage(seqs, ops.get(0).version()));
    }

    /** Drops a client's entry: once its op is durable, the store answers ({@code lastBySeq}, {@code findBySeq}). */
    void forget(String clientId) {
        latest.remove(clientId);
    }
}
