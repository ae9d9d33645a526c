package dev.quire.store.postgres;

import dev.quire.store.AppendAdmission;
import dev.quire.store.DocumentStore;
import dev.quire.store.DocumentStoreContractTest;
import dev.quire.store.StorageMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL store against the contract, each store in a fresh schema. */
class PostgresDocumentStoreTest extends DocumentStoreContractTest {
    private final List<AutoCloseable> opened = new ArrayList<>();

    @Override
    protected DocumentStore openStore() {
        return openStore(AppendAdmission.defaults());
    }

    @Override
    protected DocumentStore openStore(AppendAdmission admission) {
        FreshSchema schema = FreshSchema.create();
        opened.add(schema);
        PostgresDocumentStore store = PostgresDocumentStore.open(schema.settings(), StorageMetrics.NONE, admission);
        opened.add(store);
        return store;
    }

    /** The same schema, opened again by a store of its own after {@link #store} is closed. */
    @Override
    protected DocumentStore reopened() {
        store.close();
        FreshSchema schema = (FreshSchema) opened.get(opened.size() - 2);
        PostgresDocumentStore again = PostgresDocumentStore.open(schema.settings());
        opened.add(again);
        return again;
    }

    /** Runs before the contract's own close (a second close does nothing): stores first, then their schemas. */
    @AfterEach
    void dropSchemas() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }
}
