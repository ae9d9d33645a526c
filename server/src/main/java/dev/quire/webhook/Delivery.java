package dev.quire.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * The delivery of one message to one endpoint: a row of the outbox. Immutable.
 *
 * @param messageId     the message
 * @param endpointId    the endpoint
 * @param state         pending until it succeeds or is given up
 * @param attempts      attempts made so far (numbering of the attempt log)
 * @param failures      failed attempts since it was (re)queued: the step of the retry schedule
 * @param nextAttemptAt when it is due; null unless pending
 * @param leasedUntil   while a dispatcher works on it: others leave it alone until then (a crashed dispatcher's
 *                      lease simply runs out, and the delivery is retried: at least once)
 * @param lastError     why the last attempt failed or why it was given up, else null
 */
public record Delivery(String messageId, String endpointId, State state, int attempts, int failures,
                       Instant nextAttemptAt, Instant leasedUntil, String lastError) {

    public enum State {
        PENDING, SUCCEEDED, FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Delivery {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(state, "state");
        if ((state == State.PENDING) != (nextAttemptAt != null)) {
            throw new IllegalArgumentException("a pending delivery, and only one, has a next attempt time");
        }
    }

    /** A new delivery, due at {@code at}. */
    public static Delivery pending(String messageId, String endpointId, Instant at) {
        return new Delivery(messageId, endpointId, State.PENDING, 0, 0, at, null, null);
    }

    public boolean dueAt(Instant now) {
        return state == State.PENDING && !nextAttemptAt.isAfter(now)
                && (leasedUntil == null || !leasedUntil.isAfter(now));
    }

    public Delivery leased(Instant until) {
        return new Delivery(messageId, endpointId, state, attempts, failures, nextAttemptAt, until, lastError);
    }

    public Delivery succeeded() {
        return new Delivery(messageId, endpointId, State.SUCCEEDED, attempts + 1, 0, null, null, null);
    }

    /** After a failed attempt, due again at {@code next}. */
    public Delivery retryAt(Instant next, String error) {
        return new Delivery(messageId, endpointId, State.PENDING, attempts + 1, failures + 1, next, null, error);
    }

    /** Given up; {@code attempted} says whether this follows an attempt (counted) or not. */
    public Delivery failed(boolean attempted, String reason) {
        return new Delivery(messageId, endpointId, State.FAILED, attempted ? attempts + 1 : attempts,
                attempted ? failures + 1 : failures, null, null, reason);
    }

    /**
     * Its attempt was abandoned unfinished (the server stopped while a receiver did not answer): due at {@code at},
     * lease gone, nothing counted - the attempt never had an outcome.
     */
    public Delivery abandoned(Instant at) {
        return new Delivery(messageId, endpointId, state, attempts, failures, at, null, lastError);
    }

    /** Queued again by hand: due at {@code at}, with the retry schedule from its start. */
    public Delivery requeued(Instant at) {
        return new Delivery(messageId, endpointId, State.PENDING, attempts, 0, at, null, lastError);
    }
}
