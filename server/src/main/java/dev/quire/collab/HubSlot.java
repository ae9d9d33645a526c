package dev.quire.collab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A document's place in the registry, there from the first request for it: its hub, loading until the future
 * completes (with null if there is no such document), and how many hold it (sessions, REST writes under way),
 * counted synchronously so that an unload never races a join, not even one whose load is still running.
 */
final class HubSlot {
    private final String id;
    private final CompletableFuture<DocumentHub> hub = new CompletableFuture<>();
    private final AtomicInteger members = new AtomicInteger();
    /** Guarded by this: the hub's shutdown, once started (a hub says goodbye once). */
    private CompletableFuture<Void> shutdown;
    /** Guarded by this: who waits for the load, in the order they asked; null once it is settled. */
    private List<BiConsumer<DocumentHub, Throwable>> waiting = new ArrayList<>();

    HubSlot(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** One more holds the slot (a session, a REST write under way). */
    void hold() {
        members.incrementAndGet();
    }

    /** One that held the slot is done with it; returns whether nobody holds it now. */
    boolean release() {
        return members.decrementAndGet() == 0;
    }

    /** Nobody holds it and its load is settled: it may be dropped if its hub is quiescent. */
    boolean isIdle() {
        return members.get() == 0 && hub.isDone();
    }

    /**
     * Runs {@code then} with the loaded hub (null if there is no document) or the failure, once the load is
     * settled - in the order the requests came, which a future's dependents do not keep: two joins are welcomed,
     * and two renames stored, in the order they were made.
     */
    synchronized void whenLoaded(BiConsumer<DocumentHub, Throwable> then) {
        if (waiting != null) {
            waiting.add(then);
            return;
        }
        then.accept(loaded(), hub.handle((h, error) -> error).join());
    }

    /** The load is done: {@code loaded} (null if there is no document), or {@code failure}. */
    synchronized void settle(DocumentHub loaded, Throwable failure) {
        if (failure != null) {
            hub.completeExceptionally(failure);
        } else {
            hub.complete(loaded);
        }
        List<BiConsumer<DocumentHub, Throwable>> ready = waiting;
        waiting = null;
        ready.forEach(then -> then.accept(loaded, failure));
    }

    /** The hub if loaded, else null. */
    DocumentHub loaded() {
        return hub.isDone() && !hub.isCompletedExceptionally() ? hub.join() : null;
    }

    /** Loaded and found no document, or failed to load: a later request loads afresh. */
    boolean foundNothing() {
        return hub.isDone() && loaded() == null;
    }

    /** Shuts the hub down once it is loaded; completes when it has said goodbye (at once if none). */
    CompletableFuture<Void> shutDown() {
        return hub.handle((h, error) -> h).thenCompose(this::shutDown);
    }

    synchronized CompletableFuture<Void> shutDown(DocumentHub h) {
        if (h == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (shutdown == null) {
            shutdown = h.shutdown();
        }
        return shutdown;
    }
}
