package dev.quire.store.postgres;

import dev.quire.store.SaveOutboxContractTest;
import org.junit.jupiter.api.AfterEach;

/** Saves and their outbox rows in one PostgreSQL transaction. */
class PostgresSaveOutboxTest extends SaveOutboxContractTest {
    private final FreshSchema schema = FreshSchema.create();
    private PostgresDocumentStore documents;

    @Override
    protected Stores open() {
        documents = PostgresDocumentStore.open(schema.settings());
        return new Stores(documents, documents.webhooks());
    }

    @AfterEach
    void drop() {
        documents.close();
        schema.close();
    }
}
