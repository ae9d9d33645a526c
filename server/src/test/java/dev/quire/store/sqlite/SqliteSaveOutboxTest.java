package dev.quire.store.sqlite;

import dev.quire.store.SaveOutboxContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Saves and their outbox rows in one SQLite transaction. */
class SqliteSaveOutboxTest extends SaveOutboxContractTest {
    @TempDir
    Path dir;

    @Override
    protected Stores open() {
        SqliteDocumentStore documents = SqliteDocumentStore.inDirectory(dir);
        return new Stores(documents, documents.webhooks());
    }
}
