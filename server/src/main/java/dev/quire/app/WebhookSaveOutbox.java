package dev.quire.app;

import dev.quire.store.OutboxMessage;
import dev.quire.store.SaveOutbox;
import dev.quire.store.SavedVersion;
import dev.quire.webhook.DocumentSaved;
import dev.quire.webhook.Webhooks;
import java.util.List;

/**
 * The bridge that keeps {@code collab} and {@code store} free of webhook types: a save's {@code document.saved}
 * message is made here, inside the save's transaction, and the dispatcher is woken once it commits (without the
 * wake-up, the next poll would still find it).
 */
final class WebhookSaveOutbox implements SaveOutbox {
    private final Webhooks webhooks;

    WebhookSaveOutbox(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public List<OutboxMessage> messagesFor(SavedVersion saved) {
        return List.of(webhooks.messages().forEvent(new DocumentSaved(saved.documentId(), saved.title(),
                saved.number(), saved.documentVersion(), saved.previousNumber(), saved.previousDocumentVersion(),
                saved.trigger(), saved.savedBy(), saved.savedAt(), saved.label())));
    }

    @Override
    public void committed(SavedVersion saved) {
        webhooks.wake();
    }
}
