package dev.quire.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.webhook.Delivery;
import dev.quire.webhook.Endpoint;
import dev.quire.store.OutboxMessage;
import dev.quire.webhook.WebhookStore;
import dev.quire.webhook.WebhookStoreContractTest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite webhook store against the contract, plus surviving a reopen of the file. */
class SqliteWebhookStoreTest extends WebhookStoreContractTest {
    @TempDir
    Path dir;
    private SqliteDocumentStore documents;

    @Override
    protected WebhookStore newStore() {
        documents = SqliteDocumentStore.inDirectory(dir);
        return documents.webhooks();
    }

    @AfterEach
    void close() {
        documents.close();
    }

    @Test
    void pendingDeliveriesAndEndpoints_surviveAReopen() {
        Instant t0 = Instant.parse("2026-11-26T10:00:00.123456Z");
        WebhookStore store = documents.webhooks();
        Endpoint endpoint = new Endpoint("ep", URI.create("https://hooks.example/ep"), "d", Set.of("document.saved"),
                Set.of("d1"), true, null, "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", null, null, null, t0, t0);
        store.createEndpoint(endpoint);
        OutboxMessage message = new OutboxMessage("m1", "document.saved", "d1", "{\"x\":1}", t0);
        store.enqueue(message);
        store.claimDue(t0, t0.plusSeconds(30), 10); // leased by a dispatcher that then "dies"
        documents.close();

        documents = SqliteDocumentStore.inDirectory(dir);
        WebhookStore reopened = documents.webhooks();
        assertEquals(List.of(endpoint), reopened.endpoints());
        assertEquals(message, reopened.message("m1").orElseThrow());
        List<Delivery> due = reopened.claimDue(t0.plusSeconds(31), t0.plusSeconds(60), 10);
        assertEquals(List.of("m1"), due.stream().map(Delivery::messageId).toList(), "the lease ran out: retried");
    }
}
