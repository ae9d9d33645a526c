package dev.quire.collab;

import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentStore;
import dev.quire.store.OpPage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The latest committed ops of one document, kept in memory so that bringing an op up to date (or resuming a
 * client) rarely reads the store; older ranges are read from the store.
 *
 * <p>Bounded by count and by bytes ({@link CommittedOp#estimatedBytes()}): a count alone let a few hundred
 * near-megabyte ops hold hundreds of megabytes while the document itself stayed small. An op larger than the byte
 * bound is not kept at all. Reads of older ranges are bounded by bytes too ({@link #between(long, long, long)}),
 * so a range the memory no longer holds cannot make the store build a list of any size.
 *
 * <p>Threading: confined to the document's serial executor.
 */
final class RecentOps {
    private record Kept(CommittedOp op, long bytes) {
    }

    private final String documentId;
    private final DocumentStore store;
    private final int maxOps;
    private final long maxBytes;
    private final ArrayDeque<Kept> recent = new ArrayDeque<>();
    private long bytes;

    /**
     * @param maxOps   most ops kept
     * @param maxBytes most bytes of ops kept (their {@link CommittedOp#estimatedBytes() estimate})
     */
    RecentOps(String documentId, DocumentStore store, int maxOps, long maxBytes) {
        this.documentId = documentId;
        this.store = store;
        this.maxOps = maxOps;
        this.maxBytes = maxBytes;
    }

    /**
     * Keeps {@code op}, the newest committed op, dropping the oldest beyond the bounds.
     *
     * @return its {@link CommittedOp#estimatedBytes()}, so the caller need not walk the delta again
     */
    long remember(CommittedOp op) {
        Kept kept = new Kept(op, op.estimatedBytes());
        recent.addLast(kept);
        bytes += kept.bytes();
        while (recent.size() > maxOps || bytes > maxBytes) {
            bytes -= recent.removeFirst().bytes();
        }
        return kept.bytes();
    }

    /** Ops kept now, and their bytes (for tests and diagnostics). */
    int size() {
        return recent.size();
    }

    long bytes() {
        return bytes;
    }

    /** The ops after {@code baseVersion} up to and including {@code version}, the document's current version. */
    List<CommittedOp> between(long baseVersion, long version) {
        if (baseVersion >= version) {
            return List.of();
        }
        if (!holds(baseVersion)) {
            return store.ops(documentId, baseVersion, version);
        }
        List<CommittedOp> ops = new ArrayList<>((int) (version - baseVersion));
        for (Kept kept : keptAfter(baseVersion)) {
            ops.add(kept.op());
        }
        return ops;
    }

    /**
     * The ops after {@code baseVersion} up to and including {@code version}, the document's current version, if
     * their bytes are at most {@code maxBytes}; null if they are more. Nothing much larger than {@code maxBytes} is
     * built on the way: a range older than what is kept is read from the store up to that many bytes.
     */
    List<CommittedOp> between(long baseVersion, long version, long maxBytes) {
        return between(baseVersion, version, maxBytes, null);
    }

    /**
     * As {@link #between(long, long, long)}; {@code older}, if not null, holds the first ops after {@code
     * baseVersion}, read from the store beforehand (off the document's sequence, which may run on a thread that
     * reads sockets), and the store is read only if what is kept no longer follows them.
     */
    List<CommittedOp> between(long baseVersion, long version, long maxBytes, OpPage older) {
        if (baseVersion >= version) {
            return List.of();
        }
        List<CommittedOp> ops = new ArrayList<>();
        long total = 0;
        long olderEnd = older == null || older.ops().isEmpty() ? -1
                : older.ops().get(older.ops().size() - 1).version();
        if (older != null && older.cut()) {
            return null;
        }
        if (!holds(baseVersion) && olderEnd > baseVersion && holds(olderEnd)) {
            for (CommittedOp op : older.ops()) {
                total += op.estimatedBytes();
                ops.add(op);
            }
            for (Kept kept : keptAfter(olderEnd)) {
                total += kept.bytes();
                ops.add(kept.op());
            }
        } else if (holds(baseVersion)) {
            for (Kept kept : keptAfter(baseVersion)) {
                total += kept.bytes();
                ops.add(kept.op());
            }
        } else {
            OpPage page = store.ops(documentId, baseVersion, version, maxBytes);
            if (page.cut()) {
                return null;
            }
            for (CommittedOp op : page.ops()) {
                total += op.estimatedBytes();
                ops.add(op);
            }
        }
        boolean whole = !ops.isEmpty() && ops.get(ops.size() - 1).version() == version;
        return whole && total <= maxBytes ? ops : null;
    }

    /**
     * The kept ops after {@code version}, oldest first, found from the newest end: a client's base is usually a few
     * versions behind, and walking all the kept ops (thousands) for each message was a quarter of a busy document's
     * time on a cluster node, where clients' bases lag more.
     */
    private List<Kept> keptAfter(long version) {
        List<Kept> after = new ArrayList<>();
        Iterator<Kept> newestFirst = recent.descendingIterator();
        while (newestFirst.hasNext()) {
            Kept kept = newestFirst.next();
            if (kept.op().version() <= version) {
                break;
            }
            after.add(kept);
        }
        Collections.reverse(after);
        return after;
    }

    /** Whether every op after {@code baseVersion} is kept here. */
    boolean holds(long baseVersion) {
        Kept oldest = recent.peekFirst();
        return oldest != null && oldest.op().version() <= baseVersion + 1;
    }
}
