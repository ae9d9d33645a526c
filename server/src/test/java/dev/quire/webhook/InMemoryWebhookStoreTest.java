package dev.quire.webhook;

class InMemoryWebhookStoreTest extends WebhookStoreContractTest {
    @Override
    protected WebhookStore newStore() {
        return new InMemoryWebhookStore();
    }
}
