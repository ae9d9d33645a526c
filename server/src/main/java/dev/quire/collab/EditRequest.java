package dev.quire.collab;

import dev.quire.store.OpPage;
import java.util.List;
import java.util.function.Consumer;

/**
 * A message of ops on its way down an {@link EditPath}: a session's, or a REST writer's.
 *
 * @param ops      each made on top of the one before it, the first against {@code baseVersion}
 * @param older    the ops after {@code baseVersion} read from the store, when it is older than the history kept in
 *                 memory ({@link LateOps}); null otherwise
 * @param received {@link System#nanoTime()} when the hub got the ops, for the commit latency
 * @param done     told on the document's sequence whether anything was applied: at once on a store of one node, once
 *                 committed on a store shared by nodes
 */
record EditRequest(Participant author, long baseVersion, List<ClientOp> ops, OpPage older, long received,
                   Consumer<Boolean> done) {
}
