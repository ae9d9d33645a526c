package dev.quire.collab;

import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Exactly once by (client id, seq): whether a client's op is already committed to one document, and as which
 * version, so a resend is acknowledged instead of applied again. The latest op of each client is kept in memory
 * (a resend is almost always of the op in flight); anything older, or after a reload, is asked of the store.
 *
 * <p>Confined to the document's serial executor, like the hub.
 */
final class CommittedSeqs {
    private record Latest(long seq, long version) {
    }

    private final String documentId;
    private final DocumentStore store;
    private final Map<String, Latest> latest = new HashMap<>();

    CommittedSeqs(String documentId, DocumentStore store) {
        this.documentId = documentId;
        this.store = store;
    }

    /** The version op {@code seq} of {@code clientId} was committed as, if it was (or is being) committed. */
    Optional<Long> versionOf(String clientId, long seq) {
        Latest last = latest.get(clientId);
        if (last != null && seq == last.seq()) {
            return Optional.of(last.version());
        }
        if (last != null && seq > last.seq()) {
            return Optional.empty();
        }
        return store.findBySeq(documentId, clientId, seq).map(CommittedOp::version);
    }

    /** The client's op {@code seq} was applied as {@code version} (its commit may still be pending). */
    void applied(String clientId, long seq, long version) {
        latest.put(clientId, new Latest(seq, version));
    }

    /** Drops a client's entry: once its op is durable, the store answers a resend ({@code findBySeq}). */
    void forget(String clientId) {
        latest.remove(clientId);
    }
}
