package dev.quire.collab;

import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The latest committed ops of one document, kept in memory so that bringing an op up to date (or resuming a
 * client) rarely reads the store; older ranges are read from the store.
 *
 * <p>Threading: confined to the document's serial executor.
 */
final class RecentOps {
    private final String documentId;
    private final DocumentStore store;
    private final int kept;
    private final ArrayDeque<CommittedOp> recent = new ArrayDeque<>();

    RecentOps(String documentId, DocumentStore store, int kept) {
        this.documentId = documentId;
        this.store = store;
        this.kept = kept;
    }

    /** Keeps {@code op}, the newest committed op, dropping the oldest beyond the bound. */
    void remember(CommittedOp op) {
        recent.addLast(op);
        while (recent.size() > kept) {
            recent.removeFirst();
        }
    }

    /** The ops after {@code baseVersion} up to and including {@code version}, the document's current version. */
    List<CommittedOp> between(long baseVersion, long version) {
        if (baseVersion >= version) {
            return List.of();
        }
        CommittedOp oldest = recent.peekFirst();
        if (oldest == null || oldest.version() > baseVersion + 1) {
            return store.ops(documentId, baseVersion, version);
        }
        List<CommittedOp> ops = new ArrayList<>((int) (version - baseVersion));
        for (CommittedOp op : recent) {
            if (op.version() > baseVersion) {
                ops.add(op);
            }
        }
        return ops;
    }
}
