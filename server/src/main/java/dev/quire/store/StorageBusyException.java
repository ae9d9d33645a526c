package dev.quire.store;

import java.time.Duration;

/**
 * The store's write queue is full ({@link AppendAdmission}): the append was not admitted, nothing of it is queued,
 * and the same append may be tried again after {@link #retryAfter()}. A domain outcome of load, not a failure: the
 * caller refuses the write to whoever sent it and carries on.
 */
public final class StorageBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public StorageBusyException(String message, Duration retryAfter) {
        super(message, null, false, false); // expected under load: no stack trace to fill
        this.retryAfter = retryAfter;
    }

    /** When the same append may be tried again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
