package dev.quire.store.postgres;

import dev.quire.auth.AccessGrantStore;
import dev.quire.auth.AccessGrantStoreContractTest;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL grant store against the contract. */
class PostgresAccessGrantStoreTest extends AccessGrantStoreContractTest {
    private final FreshSchema schema = FreshSchema.create();
    private PostgresDocumentStore documents;

    @Override
    protected AccessGrantStore newStore() {
        documents = PostgresDocumentStore.open(schema.settings());
        return documents.accessGrants();
    }

    @AfterEach
    void drop() {
        documents.close();
        schema.close();
    }
}
