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
 * The next append of a document on a store shared by nodes: messages sequenced on top of the committed version, not
 * applied to the document (it holds only what is committed). Each message is kept as made on that version, and the
 * store brings it past what is committed before it (others' ops, then the messages before it), so that every op is
 * transformed past exactly the ops before it in the log, as clients do. Here each is tried, brought past the
 * messages before it, so that an op that does not fit is refused before it is appended: the first op is checked on
 * the document's content itself, and only a second op makes a copy of the content to try the ops on (a copy per
 * append, linear in the document's length, was a quarter of a cluster node's document time on a long document, and
 * most appends hold one op).
 *
 * <p>Confined to the document's sequence.
 */
final class PendingAppend {
    private final long head;
    /** The content after the ops added so far, made at the second op; null before. */
    private RichText scratch;
    private int length;
    /** The messages as made on {@link #head}, each a client's ops one after another. */
    private final List<List<CommittedOp>> messages = new ArrayList<>();
    /** The ops as they follow each other in the append (each message brought past those before it). */
    private final List<Delta> inOrder = new ArrayList<>();
    private final Set<String> clients = new HashSet<>();

    PendingAppend(OpenDocument document) {
        this.head = document.version();
        this.length = document.length();
    }

    /** The committed version the ops are made on. */
    long head() {
        return head;
    }

    /** The messages to append, as made on {@link #head}. */
    List<List<CommittedOp>> messages() {
        return messages.stream().filter(m -> !m.isEmpty()).map(List::copyOf).toList();
    }

    boolean isEmpty() {
        return inOrder.isEmpty();
    }

    /** Whether a message of {@code clientId} is in this append already (its next one waits for the next append). */
    boolean hasClient(String clientId) {
        return clients.contains(clientId);
    }

    /** The changes sequenced so far, in order: a later message is brought past them, as past committed ops. */
    List<Delta> changes() {
        return List.copyOf(inOrder);
    }

    /** The ops added from now on belong to a new message. */
    void beginMessage() {
        messages.add(new ArrayList<>());
    }

    /** The document's length after the ops added so far. */
    int length() {
        return length;
    }

    /**
     * Adds the next op of the current message, {@code made} on {@link #head} (after the message's ops before it) and
     * {@code inAppend} as it follows the ops before it in the append, if it fits {@code document}, the one this
     * append was begun on (handed in, not kept: the hub alone keeps a document's state).
     *
     * @return the op as made, to be appended
     * @throws dev.quire.ot.InvalidDeltaException if it breaks the {@link ContentPolicy} or does not fit (nothing is
     *                                            added then)
     */
    CommittedOp add(OpenDocument document, Delta made, Delta inAppend, User author, long seq, Instant at) {
        if (inOrder.isEmpty()) {
            document.checkFits(inAppend);
        } else {
            if (scratch == null) {
                scratch = document.contentCopy();
                inOrder.forEach(scratch::apply);
            }
            ContentPolicy.checkChange(inAppend, scratch);
            scratch.apply(inAppend);
        }
        length += inAppend.changeLength();
        inOrder.add(inAppend);
        CommittedOp op = new CommittedOp(head + inOrder.size(), author.clientId(), seq, made, author.name(), at);
        messages.get(messages.size() - 1).add(op);
        clients.add(author.clientId());
        return op;
    }
}
