package dev.quire.cluster;

import dev.quire.store.CommittedOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what one document receives from other nodes - batches of committed ops that may come twice, out of order or
 * not at all, and hints of a newer head version - into exactly the ops to apply, in version order, each once.
 *
 * <p>An op is applied only when every version before it has been: an op that arrives past a gap waits here, the gap
 * is read at once from the {@link GapFiller} (the store), and if even the store cannot close it (it answered fewer
 * ops) nothing past the gap is applied; the next batch, hint or head check tries again. Reading at once rather than
 * waiting for a late message keeps the logic free of clocks: a reordered message costs one read, never a wrong
 * document.
 *
 * <p>Not thread-safe: one owner (the document's sequence) calls it. Pure logic; the only I/O is the filler's.
 */
public final class InOrderOps {
    private static final Logger log = LoggerFactory.getLogger(InOrderOps.class);

    private final String documentId;
    private final GapFiller filler;
    private final int maxWaiting;
    private final TreeMap<Long, CommittedOp> waiting = new TreeMap<>();
    private long head;

    /**
     * @param head       the version the local copy of the document is at
     * @param maxWaiting how many ops past a gap are kept at most; beyond it the newest are dropped (they are read
     *                   from the store when the gap closes)
     */
    public InOrderOps(String documentId, long head, GapFiller filler, int maxWaiting) {
        if (head < 0) {
            throw new IllegalArgumentException("head must be >= 0: " + head);
        }
        if (maxWaiting < 0) {
            throw new IllegalArgumentException("maxWaiting must be >= 0: " + maxWaiting);
        }
        this.documentId = Objects.requireNonNull(documentId, "documentId");
        this.filler = Objects.requireNonNull(filler, "filler");
        this.maxWaiting = maxWaiting;
        this.head = head;
    }

    /** The version after every op this has handed out. */
    public long head() {
        return head;
    }

    /** Ops received past a gap, not applied yet. */
    public int waiting() {
        return waiting.size();
    }

    /**
     * Takes a batch from another node without reading any gap; returns the ops to apply now, in version order. What
     * waits past a gap is handed out when the gap closes (a late batch, this node's own commit, {@link #catchUpTo}).
     */
    public List<CommittedOp> take(List<CommittedOp> batch) {
        for (CommittedOp op : batch) {
            keep(op);
        }
        List<CommittedOp> ready = new ArrayList<>();
        drain(ready);
        return ready;
    }

    /**
     * This node committed {@code op} itself, on top of {@link #head()}: the head moves on without handing it out
     * again. Returns the ops that waited behind it, to apply after it.
     *
     * @throws IllegalStateException when {@code op} does not continue the head (the hub applied it out of order)
     */
    public List<CommittedOp> committedHere(CommittedOp op) {
        if (op.version() != head + 1) {
            throw new IllegalStateException("document " + documentId + " is at " + head + ", a local commit of "
                    + op.version() + " does not continue it");
        }
        head = op.version();
        List<CommittedOp> ready = new ArrayList<>();
        drain(ready);
        return ready;
    }

    /**
     * Reads from the store the gaps before the ops waiting (a gap a late batch did not close in time); returns the
     * ops to apply.
     */
    public List<CommittedOp> readGaps() {
        return closeGaps(head);
    }

    /**
     * The document's committed head is at least {@code version} (a NOTIFY hint, a head check): returns the ops to
     * apply to get there, read from the store where they have not arrived.
     */
    public List<CommittedOp> catchUpTo(long version) {
        return closeGaps(version);
    }

    /**
     * Hands out everything that continues the document up to {@code version} or the last op waiting, whichever is
     * later, reading each gap from the store; stops at the first gap the store does not close.
     */
    private List<CommittedOp> closeGaps(long version) {
        List<CommittedOp> ready = new ArrayList<>();
        drain(ready);
        while (true) {
            long target = waiting.isEmpty() ? version : waiting.firstKey() - 1;
            if (target <= head) {
                return ready;
            }
            long before = head;
            fill(target, ready);
            if (head == before) {
                return ready;
            }
        }
    }

    private void keep(CommittedOp op) {
        if (op.version() <= head || waiting.containsKey(op.version())) {
            return;
        }
        waiting.put(op.version(), op);
        if (waiting.size() > maxWaiting) {
            waiting.pollLastEntry();
        }
    }

    /** Reads (head, to] from the store and hands out what continues the document, then what waited behind it. */
    private void fill(long to, List<CommittedOp> ready) {
        List<CommittedOp> read;
        try {
            read = filler.ops(documentId, head, to);
        } catch (RuntimeException e) {
            // The ops already handed out must still reach the caller; the gap stays and is retried by the next
            // batch, hint or head check.
            log.warn("could not read ops {}..{} of document {} to fill a gap: {}", head + 1, to, documentId,
                    e.toString());
            return;
        }
        for (CommittedOp op : read) {
            if (op.version() == head + 1) {
                hand(op, ready);
            }
        }
        drain(ready);
    }

    private void drain(List<CommittedOp> ready) {
        waiting.headMap(head, true).clear();
        for (Map.Entry<Long, CommittedOp> next = waiting.firstEntry(); next != null && next.getKey() == head + 1;
                next = waiting.firstEntry()) {
            waiting.pollFirstEntry();
            hand(next.getValue(), ready);
        }
    }

    private void hand(CommittedOp op, List<CommittedOp> ready) {
        ready.add(op);
        head = op.version();
    }
}
