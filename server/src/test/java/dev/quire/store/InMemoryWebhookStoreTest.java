package dev.quire.store;

class InMemoryWebhookStoreTest extends WebhookStoreContractTest {
    @Override
    protected WebhookStore newStore() {
        return new InMemoryWebhookStore();
    }
}
