package dev.quire.collab;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a document tells its participants, in order, each item only once the commit it
 * depends on is done: acknowledged means durable, and so does broadcast.
 *
 * <p>Confined to the document's serial executor: {@link #after} is called from it, and completions
 * of the gates are handed back to it. A gate that fails stops the outbox and is reported to
 * {@code onFailedGate} (the document then closes its sessions).
 */
final class CommitOutbox {
    private static final Logger log = LoggerFactory.getLogger(CommitOutbox.class);

    private record Gated(CompletableFuture<?> gate, Runnable action) {
    }

    private final String documentId;
    private final Executor serial;
    private final Consumer<CompletableFuture<?>> onFailedGate;
    private final ArrayDeque<Gated> queue = new ArrayDeque<>();

    CommitOutbox(String documentId, Executor serial, Consumer<CompletableFuture<?>> onFailedGate) {
        this.documentId = documentId;
        this.serial = serial;
        this.onFailedGate = onFailedGate;
    }

    /** Runs {@code action} once {@code gate} completes and everything queued before it ran. */
    void after(CompletableFuture<?> gate, Runnable action) {
        queue.addLast(new Gated(gate, action));
        if (gate.isDone()) {
            drain();
        } else {
            gate.whenComplete((ignored, error) -> serial.execute(this::drain));
        }
    }

    /** Drops everything queued (the document failed; nothing more may be said). */
    void clear() {
        queue.clear();
    }

    private void drain() {
        while (!queue.isEmpty() && queue.peekFirst().gate().isDone()) {
            Gated next = queue.removeFirst();
            if (next.gate().isCompletedExceptionally()) {
                onFailedGate.accept(next.gate());
                return;
            }
            try {
                next.action().run();
            } catch (RuntimeException e) {
                // One failed delivery must not stall everything queued behind it.
                log.warn("outbox action failed for document {}", documentId, e);
            }
        }
    }
}
