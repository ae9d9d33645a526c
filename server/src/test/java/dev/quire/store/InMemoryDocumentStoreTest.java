package dev.quire.store;

import dev.quire.webhook.InMemoryWebhookStore;

/** The reference store against the contract. */
class InMemoryDocumentStoreTest extends DocumentStoreContractTest {
    @Override
    protected DocumentStore openStore() {
        return new InMemoryDocumentStore();
    }

    @Override
    protected DocumentStore openStore(AppendAdmission admission) {
        return new InMemoryDocumentStore(new InMemoryWebhookStore(), admission);
    }
}
