package dev.quire.ws;

import static dev.quire.testkit.WsTestClient.type;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * An op that finds the store's write queue full is refused to its author with {@code server_busy} and a retry time
 * (docs/protocol.md), before anything is applied: no session is closed, the document does not change, and the same
 * op goes through when sent again once the writer has caught up. The writer is held back by a write lock taken on
 * the database file from outside ({@link SqliteWriteLock}).
 */
class StoreBusySocketTest {

    @Test
    void opWhileTheWriteQueueIsFull_refusedServerBusyToItsAuthor_nothingClosedOrApplied_resendSucceedsLater()
            throws Exception {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, TestServer.tempDir())
                .with(Settings.STORE_QUEUE_MAX_OPS, 1);
        try (TestServer server = TestServer.start(config, SecurityLimits.defaults());
             WsTestClient author = server.client("busy", "author").connect().join();
             WsTestClient other = server.client("busy", "other").connect().join()) {
            String refused = "{\"type\":\"op\",\"seq\":2,\"baseVersion\":0,"
                    + "\"delta\":{\"ops\":[{\"insert\":\"second \"}]}}";
            JsonNode error;
            try (SqliteWriteLock held = SqliteWriteLock.on(server.data().resolve(SqliteDocumentStore.FILE_NAME))) {
                author.edit(Delta.ofText("first ")); // seq 1: admitted, then waits in the writer's queue
                error = author.nextOfType("error", () -> author.send(refused)); // the queue holds its one op
            }

            assertEquals("server_busy", error.get("code").asText(), error.toString());
            assertEquals(2, error.get("seq").asLong());
            assertEquals("op", error.get("re").asText());
            assertTrue(error.get("retryAfterMs").asLong() > 0, error.toString());

            Await.until(() -> !author.hasPending(), "the admitted op commits once the writer goes on");
            assertTrue(author.isOpen() && other.isOpen(), "no session was closed");
            Await.until(() -> other.content().equals(Delta.ofText("first \n")), "the other sees the first op only");
            assertEquals(1, version(server, "busy"), "nothing of the refused op was applied");

            author.send(refused); // the same message again, unchanged
            Await.until(() -> other.content().equals(Delta.ofText("first second \n")),
                    "the resent op is applied, transformed past the first");
            assertEquals(2, version(server, "busy"));
            assertEquals(0, other.count(m -> type(m).equals("error")));
        }
    }

    private static long version(TestServer server, String id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.baseUri().resolve(URI.create("/api/documents/" + id))).build(),
                HttpResponse.BodyHandlers.ofString());
        return WsTestClient.JSON.readTree(response.body()).get("version").asLong();
    }
}
