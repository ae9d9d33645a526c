package dev.quire.collab;

import dev.quire.store.DocumentStore;
import dev.quire.store.OpPage;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ops made on a base older than the history a document keeps in memory (rare: a client back from a long pause). The
 * sequence may be the thread that read them from the socket, so the store is never read there: the ops after the
 * base are read on the store's threads, and the message continues on the document's sequence with them.
 *
 * <p>Runs on the document's sequence, passed the document's state.
 */
final class LateOps {
    private static final Logger log = LoggerFactory.getLogger(LateOps.class);

    private final DocumentStore store;
    private final Executor storeIo;
    private final HubSettings settings;
    private final Executor serial;

    LateOps(HubContext context, Executor serial) {
        this.store = context.store();
        this.storeIo = context.storeIo();
        this.settings = context.settings();
        this.serial = serial;
    }

    /**
     * Whether a message on {@code baseVersion} must wait for the ops after it to be read first; if so, the read is
     * started and {@code then} continues on the sequence with them (an empty page, cut short, if the read failed: the
     * message is then refused as too old). A base beyond the transform distance needs no read: it is refused anyway.
     */
    boolean readFirst(OpenDocument document, long baseVersion, Consumer<OpPage> then) {
        if (document.keepsOpsSince(baseVersion) || document.version() - baseVersion > settings.maxTransformDistance()) {
            return false;
        }
        String id = document.id();
        long upTo = document.version();
        storeIo.execute(() -> {
            OpPage read;
            try {
                read = store.ops(id, baseVersion, upTo, settings.bytes().catchUp());
            } catch (RuntimeException e) {
                log.warn("could not read ops {}..{} of document {} for a late op: {}", baseVersion + 1, upTo, id,
                        e.toString());
                read = new OpPage(List.of(), true);
            }
            OpPage page = read;
            serial.execute(() -> then.accept(page));
        });
        return true;
    }
}
