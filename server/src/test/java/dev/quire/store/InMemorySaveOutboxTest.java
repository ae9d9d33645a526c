package dev.quire.store;

import dev.quire.webhook.InMemoryWebhookStore;

class InMemorySaveOutboxTest extends SaveOutboxContractTest {
    @Override
    protected Stores open() {
        InMemoryWebhookStore webhooks = new InMemoryWebhookStore();
        return new Stores(new InMemoryDocumentStore(webhooks), webhooks);
    }
}
