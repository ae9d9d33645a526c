package dev.quire.store;

import java.util.List;

/**
 * What a save announces, made inside the save's own transaction: the document store records these messages (and
 * their deliveries) with the saved version, so a committed save always has them and a failed one has none
 * (DESIGN.md §3, invariant 7). Lives in {@code store} so that {@code collab} can pass it along without knowing
 * webhooks; {@code app} implements it with the webhook package.
 */
public interface SaveOutbox {
    /** Announces nothing. */
    SaveOutbox NONE = saved -> List.of();

    /**
     * The messages for {@code saved}, which is not committed yet. Runs on the store's writer inside its transaction
     * (or under the in-memory store's lock): it must be quick and must not touch storage itself. An exception
     * refuses the save.
     */
    List<OutboxMessage> messagesFor(SavedVersion saved);

    /** Called once the save and its messages are durable, e.g. to wake the dispatcher; must be quick. */
    default void committed(SavedVersion saved) {
    }
}
