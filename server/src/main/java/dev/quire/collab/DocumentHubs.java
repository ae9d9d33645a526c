package dev.quire.collab;

import dev.quire.ot.Delta;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.LoadedDocument;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The open documents: loads a document's hub on its first join and drops it once its last
 * participant has been gone for the grace period, so memory follows the documents in use, not
 * every document ever opened. Thread-safe.
 *
 * <p>Joining a document that does not exist creates it, empty, titled "Untitled" (as opening a
 * new pad does in Etherpad).
 */
public final class DocumentHubs {
    static final String DEFAULT_TITLE = "Untitled";

    private final DocumentStore store;
    private final Executor pool;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final HubSettings settings;
    private final ConcurrentHashMap<String, DocumentHub> hubs = new ConcurrentHashMap<>();

    public DocumentHubs(DocumentStore store, Executor pool, ScheduledExecutorService scheduler, Clock clock,
                        HubSettings settings) {
        this.store = store;
        this.pool = pool;
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Joins {@code participant} to the document; its welcome follows through the participant.
     *
     * @param resumeFrom the version the client already has (it gets only the ops since), or null
     *                   for the whole content
     * @throws IllegalArgumentException if the id is not a valid document id
     */
    public DocumentSession join(String documentId, Participant participant, Long resumeFrom) {
        if (!DocumentIds.isValid(documentId)) {
            throw new IllegalArgumentException("invalid document id");
        }
        DocumentHub hub = hubs.compute(documentId, (id, existing) -> {
            DocumentHub h = existing != null ? existing : open(id);
            h.members.incrementAndGet();
            return h;
        });
        hub.join(participant, resumeFrom);
        return new DocumentSession(this, hub, participant);
    }

    void leave(DocumentHub hub, Participant participant) {
        hub.leave(participant);
        if (hub.members.decrementAndGet() == 0) {
            scheduleUnload(hub);
        }
    }

    /** Ids of the documents loaded now. */
    public Set<String> openDocuments() {
        return Set.copyOf(hubs.keySet());
    }

    /** Waits for pending commits, then closes every session with {@link ErrorCode#GOING_AWAY}. */
    public CompletableFuture<Void> shutdown() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        hubs.values().forEach(h -> all.add(h.disconnectAll(ErrorCode.GOING_AWAY, "server shutting down")));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private DocumentHub open(String id) {
        LoadedDocument loaded = store.load(id).orElseGet(() -> {
            store.create(id, DEFAULT_TITLE, new DocumentSnapshot(0, Delta.ofText("\n")), clock.instant());
            return store.load(id).orElseThrow(() -> new IllegalStateException("document " + id + " vanished"));
        });
        return new DocumentHub(loaded, store, new SerialExecutor(pool), clock, settings, failed -> hubs.remove(id, failed));
    }

    private void scheduleUnload(DocumentHub hub) {
        scheduler.schedule(() -> tryUnload(hub), settings.unloadGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tryUnload(DocumentHub hub) {
        boolean[] busy = {false};
        hubs.computeIfPresent(hub.id(), (id, current) -> {
            if (current != hub) {
                return current;
            }
            if (hub.isQuiescent()) {
                return null;
            }
            busy[0] = hub.members.get() == 0;
            return current;
        });
        if (busy[0]) {
            scheduleUnload(hub);
        }
    }
}
