package dev.quire.app;

import dev.quire.store.OutboxFactory;
import dev.quire.store.OutboxMessage;
import dev.quire.store.SavedVersion;
import dev.quire.webhook.DocumentCreated;
import dev.quire.webhook.DocumentDeleted;
import dev.quire.webhook.DocumentSaved;
import dev.quire.webhook.Webhooks;
import java.time.Instant;
import java.util.List;

/**
 * The bridge that keeps {@code collab} and {@code store} free of webhook types: the messages for saves, creations
 * and deletions are made here, for the change's own transaction, and the dispatcher is woken once it commits
 * (without the wake-up, its next poll would still find them).
 */
final class WebhookOutboxFactory implements OutboxFactory {
    private final Webhooks webhooks;

    WebhookOutboxFactory(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public List<OutboxMessage> messagesFor(SavedVersion saved) {
        return List.of(webhooks.messages().forEvent(new DocumentSaved(saved.documentId(), saved.title(),
                saved.number(), saved.documentVersion(), saved.previousNumber(), saved.previousDocumentVersion(),
                saved.trigger(), saved.savedBy(), saved.savedAt(), saved.label())));
    }

    @Override
    public List<OutboxMessage> forCreated(String documentId, String title, long version, String createdBy,
                                          Instant at) {
        return List.of(webhooks.messages().forEvent(new DocumentCreated(documentId, title, version, createdBy, at)));
    }

    @Override
    public List<OutboxMessage> forDeleted(String documentId, String title, String deletedBy, Instant at) {
        return List.of(webhooks.messages().forEvent(new DocumentDeleted(documentId, title, deletedBy, at)));
    }

    @Override
    public void committed() {
        webhooks.wake();
    }
}
