package dev.quire.collab;

import dev.quire.doc.RichText;
import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The next append of a document on a store shared by nodes: ops sequenced on top of the committed version, each on
 * top of the one before, not applied to the document (it holds only what is committed). They are tried on a copy of
 * the content, so an op that does not fit is refused before it is appended; the store may still bring them past ops
 * other nodes committed meanwhile, and the document applies them as the store answers.
 *
 * <p>Confined to the document's sequence.
 */
final class PendingAppend {
    private final long head;
    private final RichText scratch;
    private final List<CommittedOp> ops = new ArrayList<>();
    private final Set<String> clients = new HashSet<>();

    PendingAppend(OpenDocument document) {
        this.head = document.version();
        this.scratch = document.contentCopy();
    }

    /** The committed version the ops are made on. */
    long head() {
        return head;
    }

    List<CommittedOp> ops() {
        return List.copyOf(ops);
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    /** Whether a message of {@code clientId} is in this append already (its next one waits for the next append). */
    boolean hasClient(String clientId) {
        return clients.contains(clientId);
    }

    /** The changes sequenced so far: a later message is brought past them, as past committed ops. */
    List<Delta> changes() {
        return ops.stream().map(CommittedOp::delta).toList();
    }

    int length() {
        return scratch.length();
    }

    /**
     * Adds {@code change} by {@code author} as the next op, if it fits.
     *
     * @throws dev.quire.ot.InvalidDeltaException if it breaks the {@link ContentPolicy} or does not fit (nothing is
     *                                            added then)
     */
    CommittedOp add(Delta change, User author, long seq, Instant at) {
        ContentPolicy.checkChange(change, scratch);
        scratch.apply(change);
        CommittedOp op = new CommittedOp(head + ops.size() + 1, author.clientId(), seq, change, author.name(), at);
        ops.add(op);
        clients.add(author.clientId());
        return op;
    }
}
