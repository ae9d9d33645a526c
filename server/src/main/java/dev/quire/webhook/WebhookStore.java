package dev.quire.webhook;

import dev.quire.store.OutboxMessage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Durable storage of webhook endpoints and the outbox: messages, their pending deliveries with the time of the
 * next attempt, and the attempt log.
 *
 * <p>Thread-safe; every method is atomic (one transaction). Writes are durable when they return. {@link
 * #enqueue} is the seam with document storage: a store that also holds documents runs it inside the transaction
 * that commits a save, so a save that commits always has its deliveries (docs/webhooks.md, "Storage and durability")
 * and a save that rolls back has none. Ordering of lists is stated per method; instants keep at least microseconds.
 *
 * <p>Every implementation passes {@code WebhookStoreContractTest}.
 */
public interface WebhookStore {

    /** Adds a new endpoint. @throws IllegalArgumentException if its id is taken */
    void createEndpoint(Endpoint endpoint);

    Optional<Endpoint> endpoint(String id);

    /** All endpoints, oldest first. */
    List<Endpoint> endpoints();

    /**
     * Replaces endpoint {@code id} by {@code change} applied to its current value, atomically, so that a user's
     * change and the dispatcher's bookkeeping never overwrite each other. {@code change} must be pure and keep
     * the id.
     *
     * @return the new value, or empty if there is no such endpoint
     */
    Optional<Endpoint> updateEndpoint(String id, UnaryOperator<Endpoint> change);

    /**
     * Disables endpoint {@code id} with {@code reason} and gives up its pending deliveries (state FAILED, {@code
     * lastError} = reason), in one transaction. Disabling a disabled endpoint keeps its first reason.
     *
     * @return the new value, or empty if there is no such endpoint
     */
    Optional<Endpoint> disableEndpoint(String id, String reason, Instant at);

    /** Removes the endpoint with its deliveries and attempt log. @return false if there was none */
    boolean deleteEndpoint(String id);

    /**
     * Records {@code message} and one pending delivery, due at its {@code createdAt}, for every endpoint that
     * {@linkplain Endpoint#wants wants} it - atomically, and inside the caller's transaction where there is one.
     * The message is kept even when no endpoint wants it (a later manual redelivery can find it).
     *
     * @return the number of deliveries created
     * @throws IllegalArgumentException if a message with its id exists
     */
    int enqueue(OutboxMessage message);

    Optional<OutboxMessage> message(String id);

    /**
     * Leases up to {@code limit} deliveries that are due at {@code now} (pending, next attempt not after now, no
     * unexpired lease) until {@code leaseUntil}, earliest due first, and returns them with their lease.
     */
    List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit);

    /**
     * Stores the outcome of working on a delivery: {@code after} replaces it (its lease gone), and {@code attempt},
     * unless null, is appended to the log - one transaction. A delivery that no longer exists (its endpoint was
     * deleted meanwhile) is left absent.
     */
    void complete(Delivery after, Attempt attempt);

    /**
     * Makes the deliveries of {@code messageId} pending again, due at {@code at}, with the retry schedule from its
     * start: to endpoint {@code endpointId}, or to every endpoint that had it when null. Only enabled endpoints'
     * deliveries are requeued; one in progress (leased) keeps its lease. A named, enabled endpoint that never had
     * it gets a new pending delivery, due at {@code at}: the caller has checked that it {@linkplain
     * Endpoint#subscribesTo subscribes to} the message (it was disabled, or not yet registered, when the message
     * was made).
     *
     * @return the requeued deliveries
     */
    List<Delivery> requeue(String messageId, String endpointId, Instant at);

    /** Deliveries to endpoint {@code endpointId}, newest message first, at most {@code limit}. */
    List<Delivery> deliveries(String endpointId, int limit);

    /** Deliveries of message {@code messageId}, in endpoint creation order. */
    List<Delivery> deliveriesOf(String messageId);

    /** How many deliveries are pending (waiting for their first attempt or a retry), over all endpoints. */
    int pendingDeliveries();

    /** The attempt log of one delivery, oldest first. */
    List<Attempt> attempts(String messageId, String endpointId);

    /**
     * Forgets messages created before {@code cutoff} whose every delivery is finished (succeeded or failed), with
     * their deliveries and attempt logs: the delivery log is kept for a retention period, not forever. A message
     * with a pending delivery is kept whatever its age.
     *
     * @return how many messages were removed
     */
    int pruneFinishedBefore(Instant cutoff);
}
