package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.app.SecurityLimits;
import dev.quire.app.ServerConfig;
import dev.quire.app.Settings;
import dev.quire.ot.Delta;
import dev.quire.store.sqlite.SqliteDocumentStore;
import dev.quire.testkit.Await;
import dev.quire.testkit.SqliteWriteLock;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

/**
 * A REST edit that finds the store's write queue full gets 503 problem+json {@code server_busy} with
 * {@code Retry-After} (docs/rest.md) and changes nothing; the same request succeeds once the writer has caught up.
 */
class StoreBusyApiTest {

    @Test
    void restEditWhileTheWriteQueueIsFull_gets503ServerBusyWithRetryAfter_changesNothing_succeedsLater()
            throws Exception {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, TestServer.tempDir())
                .with(Settings.STORE_QUEUE_MAX_OPS, 1);
        try (TestServer server = TestServer.start(config, SecurityLimits.defaults());
             WsTestClient typist = server.client("busy-rest", "typist").connect().join()) {
            Http http = new Http(server.baseUri(), HttpClient.Version.HTTP_1_1);
            String edit = "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"rest \"}]}}";
            Http.Reply refused;
            try (SqliteWriteLock held = SqliteWriteLock.on(server.data().resolve(SqliteDocumentStore.FILE_NAME))) {
                typist.edit(Delta.ofText("typed "));
                // The typist's op must fill the queue of one before the REST edit comes: the hub counts it as
                // applied when it has been admitted (and not yet committed, the writer being held).
                Await.until(() -> http.get("/metrics").body().contains("quire_ops_applied_total 1.0"),
                        "the typist's op is admitted and waits in the writer's queue");
                refused = http.json("PATCH", "/api/documents/busy-rest", edit);
            }

            assertEquals(503, refused.status(), refused.toString());
            assertEquals("application/problem+json", refused.contentType());
            JsonNode problem = refused.json();
            assertEquals("server_busy", problem.get("code").asText());
            String retryAfter = refused.header("Retry-After");
            assertTrue(retryAfter != null && Long.parseLong(retryAfter) >= 1, refused.toString());

            Await.until(() -> !typist.hasPending(), "the typist's op commits once the writer goes on");
            assertEquals(1, http.get("/api/documents/busy-rest").json().get("version").asLong(),
                    "nothing of the refused edit was applied");
            Http.Reply again = http.json("PATCH", "/api/documents/busy-rest", edit);
            assertEquals(200, again.status(), again.toString());
            assertEquals(2, http.get("/api/documents/busy-rest").json().get("version").asLong());
        }
    }
}
