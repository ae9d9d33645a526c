package dev.quire.store.sqlite;

import dev.quire.store.DocumentStore;
import dev.quire.store.DocumentStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store against the contract, plus what only a durable store has. */
class SqliteDocumentStoreTest extends DocumentStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected DocumentStore openStore() {
        return SqliteDocumentStore.inDirectory(dir);
    }
}
