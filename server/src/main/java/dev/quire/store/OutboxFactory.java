package dev.quire.store;

import java.time.Instant;
import java.util.List;

/**
 * What changes to documents announce (webhook messages), made for the transaction of the change itself: the
 * document store records these messages, with their deliveries, in the same transaction as the save, creation or
 * deletion, so a committed change always has them and a failed one has none (docs/webhooks.md, "Storage and
 * durability"). Lives in {@code store} so that {@code collab} can pass it along without knowing webhooks; {@code app}
 * implements it with the webhook package. Implementations must be quick, must not touch storage, and must be
 * thread-safe.
 */
public interface OutboxFactory {
    /** Announces nothing. */
    OutboxFactory NONE = saved -> List.of();

    /**
     * The messages for {@code saved}, which is not committed yet: runs on the store's writer inside its transaction
     * (or under the in-memory store's lock), because only there is the save's number known. An exception refuses
     * the save.
     */
    List<OutboxMessage> messagesFor(SavedVersion saved);

    /** The messages for a document about to be created; stored only if it is. */
    default List<OutboxMessage> forCreated(String documentId, String title, long version, String createdBy,
                                           Instant at) {
        return List.of();
    }

    /** The messages for a document about to be deleted; stored only if it is. */
    default List<OutboxMessage> forDeleted(String documentId, String title, String deletedBy, Instant at) {
        return List.of();
    }

    /** Called once a change with messages is durable, e.g. to wake the dispatcher; must be quick. */
    default void committed() {
    }
}
