package dev.quire.store.postgres;

import dev.quire.webhook.WebhookStore;
import dev.quire.webhook.WebhookStoreContractTest;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL webhook store against the contract. */
class PostgresWebhookStoreTest extends WebhookStoreContractTest {
    private final FreshSchema schema = FreshSchema.create();
    private PostgresDocumentStore documents;

    @Override
    protected WebhookStore newStore() {
        documents = PostgresDocumentStore.open(schema.settings());
        return documents.webhooks();
    }

    @AfterEach
    void drop() {
        documents.close();
        schema.close();
    }
}
