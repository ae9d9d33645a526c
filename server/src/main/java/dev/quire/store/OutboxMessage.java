package dev.quire.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One event as stored in the outbox and delivered: its id (the {@code webhook-id} header, the same on every
 * attempt) and its JSON body are fixed when it is made, so retries send the same bytes.
 *
 * <p>A plain row, and the one webhook record that stays in {@code store}: a document store writes it in the
 * transaction of the change it announces ({@link DocumentStore#create}, {@link DocumentStore#delete}, {@link
 * OutboxFactory}), so it must be a type the store has. {@code webhook} builds it and declares the rest of its model
 * and its storage port itself.
 *
 * @param id         {@code msg_...}, unique
 * @param eventType  the event type's wire name, e.g. {@code document.saved} (a string so that storage needs no
 *                   webhook types)
 * @param documentId the document it is about (subscriptions may filter by it)
 * @param body       the JSON payload {@code {"type", "timestamp", "data"}}
 * @param createdAt  when it was enqueued; first deliveries are due then
 */
public record OutboxMessage(String id, String eventType, String documentId, String body, Instant createdAt) {

    public OutboxMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
