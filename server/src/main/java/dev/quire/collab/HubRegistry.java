package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentStore;
import dev.quire.store.LoadedDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open documents: a document's {@link HubSlot} from the first request for it, its hub loaded (or created) on the
 * store's threads, and dropped once nobody has held it for the unload grace, so memory follows the documents in use.
 * Whoever asked continues on the document's sequence once it is loaded; the store is never touched on the caller's
 * thread (docs/architecture.md, "Nothing blocks a document"). Thread-safe.
 */
final class HubRegistry {
    /** Creates a document that a join of an unknown id makes; false if the id is taken (or was deleted). */
    interface Creator {
        boolean create(String documentId, String createdBy);
    }

    private static final Logger log = LoggerFactory.getLogger(HubRegistry.class);
    /** How many versions before a joining client's last op are read to find the rest of its last message. */
    static final int RUN_READ = 64;

    private final HubContext context;
    private final Creator creator;
    private final ConcurrentHashMap<String, HubSlot> slots = new ConcurrentHashMap<>();
    /** Set by {@link #shutdown()}: a hub loaded after it is shut down at once, so it too takes no change. */
    private volatile boolean stopping;

    HubRegistry(HubContext context, Creator creator) {
        this.context = context;
        this.creator = creator;
    }

    /** Joins {@code session} once its document is loaded (created if {@code create} and unknown). */
    void join(DocumentSession session, boolean create) {
        String id = session.documentId();
        HubSlot slot = acquire(id, session.participant().user().name(), create);
        slot.whenLoaded((hub, error) -> {
            if (hub != null) {
                // The client's committed seqs are read here, on the store's threads, never on the document's
                // sequence (which may run on a thread that reads sockets).
                context.storeIo().execute(() -> joinWithSeqs(session, hub, slot));
                return;
            }
            slots.remove(id, slot);
            if (error != null) {
                log.error("could not load document {}", id, error);
                session.turnedAway(ErrorCode.INTERNAL_ERROR, "document unavailable");
            } else if (create) {
                join(session, true); // it shared a viewer's load, which does not create
            } else {
                session.turnedAway(ErrorCode.DOCUMENT_NOT_FOUND, "no document " + id
                        + "; only an editor's join creates one");
            }
        });
    }

    /**
     * On the store's threads: reads what the store holds of the joining client, then joins it. On a store shared by
     * nodes, a message the client names in flight that is not in the log may still be committed by another node (the
     * session it was sent on is gone, but not its append): it is fenced off in the read's transaction, and the client
     * merges it into the content it is welcomed with (docs/cluster.md). A node alone needs no fence: its hub knows
     * every message in flight, and a replaced session's are dropped.
     */
    private void joinWithSeqs(DocumentSession session, DocumentHub hub, HubSlot slot) {
        List<CommittedOp> run;
        boolean fenced;
        try {
            String clientId = session.participant().user().clientId();
            Long inFlight = context.store().sharedByNodes() ? session.inFlightSeq() : null;
            Optional<CommittedOp> last = inFlight == null ? context.store().lastBySeq(session.documentId(), clientId)
                    : context.store().lastBySeqFencing(session.documentId(), clientId, inFlight);
            fenced = inFlight != null && last.map(CommittedOp::seq).orElse(0L) < inFlight;
            run = committedRun(context.store(), session.documentId(), clientId, last);
        } catch (RuntimeException e) {
            log.warn("could not read the committed seqs of a client joining document {}: {}", session.documentId(),
                    e.toString());
            session.turnedAway(ErrorCode.INTERNAL_ERROR, "document unavailable");
            release(slot);
            return;
        }
        session.joined(hub, run, fenced, () -> release(slot));
    }

    /**
     * The client's ops at consecutive versions ending with its highest seq, oldest first (the log does not record
     * where a message ended: a resend of its last one is recognised within them), or none; at most {@link
     * #RUN_READ} versions are looked at. {@code last} is the client's op with the highest seq, read already.
     */
    private static List<CommittedOp> committedRun(DocumentStore store, String documentId, String clientId,
                                                  Optional<CommittedOp> last) {
        if (last.isEmpty()) {
            return List.of();
        }
        long version = last.get().version();
        List<CommittedOp> before = version <= 1 ? List.of()
                : store.ops(documentId, Math.max(0, version - RUN_READ), version - 1);
        List<CommittedOp> run = new ArrayList<>();
        run.add(last.get());
        for (int i = before.size() - 1; i >= 0; i--) {
            CommittedOp op = before.get(i);
            if (!op.clientId().equals(clientId) || op.version() != run.get(0).version() - 1
                    || op.seq() >= run.get(0).seq()) {
                break;
            }
            run.add(0, op);
        }
        return run;
    }

    /**
     * Runs {@code work} on the hub of an existing (or just deleted) document once it is loaded - the load runs on
     * the store's threads - and holds the hub until the work is done; {@code notFound} if there is no such document.
     */
    <T> CompletableFuture<T> withExisting(String documentId, Function<DocumentHub, CompletableFuture<T>> work,
                                          T notFound) {
        if (!DocumentIds.isValid(documentId)) {
            return CompletableFuture.completedFuture(notFound);
        }
        HubSlot slot = acquire(documentId, DocumentHubs.DEFAULT_CREATOR, false);
        CompletableFuture<T> outcome = new CompletableFuture<>();
        slot.whenLoaded((hub, error) -> {
            if (hub == null) {
                slots.remove(documentId, slot);
                release(slot);
                if (error == null) {
                    outcome.complete(notFound);
                } else {
                    outcome.completeExceptionally(error);
                }
                return;
            }
            work.apply(hub).whenComplete((result, failure) -> {
                release(slot);
                if (failure != null) {
                    outcome.completeExceptionally(failure);
                } else {
                    outcome.complete(result);
                }
            });
        });
        return outcome;
    }

    /** The hub of {@code documentId} if it is loaded now, without loading it. */
    Optional<DocumentHub> loaded(String documentId) {
        HubSlot slot = slots.get(documentId);
        return Optional.ofNullable(slot == null ? null : slot.loaded());
    }

    /** See {@link DocumentHubs#present}. */
    Map<String, List<User>> present(Collection<String> documentIds) {
        Map<String, List<User>> present = new HashMap<>();
        for (String id : documentIds) {
            List<User> users = loaded(id).map(DocumentHub::present).orElse(List.of());
            if (!users.isEmpty()) {
                present.put(id, users);
            }
        }
        return present;
    }

    int openCount() {
        return slots.size();
    }

    Set<String> openDocuments() {
        return Set.copyOf(slots.keySet());
    }

    /** See {@link DocumentHubs#shutdown}. */
    CompletableFuture<Void> shutdown() {
        stopping = true;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        slots.values().forEach(slot -> all.add(slot.shutDown()));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /**
     * The slot of {@code id}, counted as held; a new one (its hub loading on the store's threads) if there is none
     * or the one there found nothing or failed. The store is never touched on the caller's thread.
     */
    private HubSlot acquire(String id, String joiner, boolean create) {
        boolean[] fresh = {false};
        HubSlot slot = slots.compute(id, (key, existing) -> {
            HubSlot s = existing;
            if (s == null || s.foundNothing()) {
                s = new HubSlot(key);
                fresh[0] = true;
            }
            s.hold();
            return s;
        });
        if (fresh[0]) {
            context.storeIo().execute(() -> load(slot, joiner, create));
        }
        return slot;
    }

    /** On the store's threads: opens the hub of the slot, or completes it with null if there is no document. */
    private void load(HubSlot slot, String joiner, boolean create) {
        DocumentHub hub;
        try {
            hub = open(slot.id(), joiner, create);
        } catch (RuntimeException e) {
            slot.settle(null, e);
            return;
        }
        if (hub != null && stopping) {
            // Loaded during the stop (a join or REST write that was already under way): it says goodbye at once.
            slot.shutDown(hub);
        }
        slot.settle(hub, null);
    }

    /** The hub of {@code id}, loaded or (if {@code create}) created; null if it does not exist and may not be made. */
    private DocumentHub open(String id, String joiner, boolean create) {
        Optional<LoadedDocument> loaded = context.store().load(id);
        if (loaded.isEmpty()) {
            if (!create) {
                return null;
            }
            // create is false for a deleted id: such a document stays deleted (the tombstone turns joins away).
            boolean created = creator.create(id, joiner);
            loaded = context.store().load(id);
            if (!created && loaded.isEmpty()) {
                return DocumentHub.tombstone(id, context);
            }
        }
        return DocumentHub.of(loaded.orElseThrow(() -> new IllegalStateException("document " + id + " vanished")),
                context, failed -> slots.computeIfPresent(id, (key, slot) -> slot.loaded() == failed ? null : slot));
    }

    private void release(HubSlot slot) {
        if (slot.release()) {
            scheduleUnload(slot);
        }
    }

    private void scheduleUnload(HubSlot slot) {
        context.scheduler().schedule(() -> tryUnload(slot), context.settings().unloadGrace().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void tryUnload(HubSlot slot) {
        boolean[] busy = {false};
        slots.computeIfPresent(slot.id(), (id, current) -> {
            if (current != slot || !slot.isIdle()) {
                return current; // taken again (or still loading): its next release schedules the unload
            }
            DocumentHub hub = slot.loaded();
            if (hub == null || hub.isQuiescent()) {
                return null;
            }
            busy[0] = true;
            return current;
        });
        if (busy[0]) {
            scheduleUnload(slot);
        }
    }
}
