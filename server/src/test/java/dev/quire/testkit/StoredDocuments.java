package dev.quire.testkit;

import dev.quire.ot.Delta;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.SaveRequest;
import dev.quire.store.SaveTrigger;
import dev.quire.store.sqlite.SqliteDocumentStore;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Documents written straight into a data directory's store, past every check of the server: content as an older
 * server (or another tool) may have stored it. The server must not be running on {@code data}.
 */
public final class StoredDocuments {
    private StoredDocuments() {
    }

    /** Creates document {@code id} at version 0 with {@code content}, and saved version 1 of it. */
    public static void create(Path data, String id, Delta content) {
        create(data, id, "Stored " + id, content);
    }

    /** As {@link #create(Path, String, Delta)}, with a title of its own. */
    public static void create(Path data, String id, String title, Delta content) {
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        try (SqliteDocumentStore store = SqliteDocumentStore.inDirectory(data)) {
            if (!store.create(id, title, new DocumentSnapshot(0, content), at)) {
                throw new IllegalStateException("document " + id + " exists already");
            }
            store.save(id, new SaveRequest(0, title, SaveTrigger.EXPLICIT, "an older server", at, null)).join();
        }
    }
}
