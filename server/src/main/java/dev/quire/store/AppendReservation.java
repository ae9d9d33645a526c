package dev.quire.store;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Room in a store's write queue, taken by {@link DocumentStore#reserveAppend} before an append and given back by
 * {@link #release()} once that append has completed (durable or failed), or at once if it is not made after all.
 *
 * <p>Thread-safe; {@link #release()} may be called more than once and from any thread, only the first counts.
 */
public final class AppendReservation {
    /** A reservation of a store that does not bound its queue: releasing it does nothing. */
    public static final AppendReservation NONE = new AppendReservation(null, 0, 0);

    private final AppendAdmission admission;
    private final int ops;
    private final long bytes;
    private final AtomicBoolean released = new AtomicBoolean();

    AppendReservation(AppendAdmission admission, int ops, long bytes) {
        this.admission = admission;
        this.ops = ops;
        this.bytes = bytes;
    }

    /** Gives the room back. */
    public void release() {
        if (admission != null && released.compareAndSet(false, true)) {
            admission.release(ops, bytes);
        }
    }
}
