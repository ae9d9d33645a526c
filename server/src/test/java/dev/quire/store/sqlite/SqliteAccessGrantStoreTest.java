package dev.quire.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.auth.AccessGrant;
import dev.quire.auth.AccessGrantStore;
import dev.quire.auth.AccessGrantStoreContractTest;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite grant store against the contract, plus surviving a reopen of the file. */
class SqliteAccessGrantStoreTest extends AccessGrantStoreContractTest {
    @TempDir
    Path dir;
    private SqliteDocumentStore documents;

    @Override
    protected AccessGrantStore newStore() {
        documents = SqliteDocumentStore.inDirectory(dir);
        return documents.accessGrants();
    }

    @AfterEach
    void close() {
        documents.close();
    }

    @Test
    void grantsAndRevocations_surviveAReopen() {
        AccessGrant grant = token("tok_1", 'e', Set.of("d1"));
        documents.accessGrants().create(grant);
        documents.accessGrants().revoke("tok_1", T0.plusSeconds(1));
        documents.close();

        documents = SqliteDocumentStore.inDirectory(dir);
        assertEquals(Optional.of(grant.revoked(T0.plusSeconds(1))), documents.accessGrants().find("tok_1"));
    }
}
