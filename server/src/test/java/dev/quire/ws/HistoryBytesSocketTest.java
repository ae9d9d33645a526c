package dev.quire.ws;

import static dev.quire.testkit.WsTestClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.app.SecurityLimits;
import dev.quire.app.ServerConfig;
import dev.quire.app.Settings;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Large ops over the WebSocket: a resume that missed more bytes of ops than the catch-up bound gets the content
 * instead of the ops, and a document's write budget refuses ops with a retry time while the rest goes on
 * (docs/security.md, "Bytes of history").
 */
class HistoryBytesSocketTest {
    /** Just under the 1 MiB message limit: about 1.8 MB of history each (two bytes a character). */
    private static final String LARGE = "x".repeat(900_000);

    @Test
    void resume_afterMoreThanTheCatchUpBoundOfMissedOps_getsTheContentInsteadOfTheOps() {
        try (TestServer server = TestServer.start();
             WsTestClient away = server.client("resume-bytes", "away").connect().join();
             WsTestClient writer = server.client("resume-bytes", "writer").connect().join()) {
            away.disconnect();
            for (int round = 0; round < 5; round++) { // 9 MB of ops, more than the 8 MiB bound; the text stays short
                writer.edit(Delta.builder().insert(LARGE).build());
                writer.edit(Delta.builder().delete(LARGE.length()).build());
                Await.until(() -> !writer.hasPending(), "the writer's edits are acknowledged");
            }
            writer.edit(Delta.ofText("end"));
            Await.until(() -> !writer.hasPending(), "the last edit is acknowledged");

            away.connect().join(); // hello with the version it had: a resume

            JsonNode welcome = away.received().stream().filter(m -> type(m).equals("welcome")).reduce((a, b) -> b)
                    .orElseThrow();
            assertTrue(welcome.has("content"), "the full content, not 11 ops of history: " + welcome.fieldNames());
            assertFalse(welcome.has("ops"));
            assertEquals(11, welcome.get("version").asLong());
            assertEquals(Delta.ofText("end\n"), away.content());
        }
    }

    @Test
    void writeBudgetOfADocument_spent_opRefusedWithRetryTime_connectionAndOtherDocumentsFine() throws Exception {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, TestServer.tempDir())
                .with(Settings.WRITE_BUDGET_PER_DOCUMENT, 1L << 20);
        try (TestServer server = TestServer.start(config, SecurityLimits.defaults());
             WsTestClient writer = server.client("budget", "writer").connect().join();
             WsTestClient elsewhere = server.client("budget-other", "elsewhere").connect().join()) {
            String chunk = "y".repeat(300_000); // about 600 KB of the 1 MiB
            writer.edit(Delta.builder().insert(chunk).build());
            Await.until(() -> !writer.hasPending(), "the first op fits the budget");

            JsonNode error = writer.nextOfType("error", () -> writer.send("{\"type\":\"op\",\"seq\":2,\"baseVersion\":1,"
                    + "\"delta\":{\"ops\":[{\"insert\":\"" + chunk + "\"}]}}"));

            assertEquals("write_budget_exceeded", error.get("code").asText());
            assertEquals(2, error.get("seq").asLong());
            assertEquals("op", error.get("re").asText());
            assertTrue(error.get("retryAfterMs").asLong() > 0, error.toString());
            assertTrue(writer.isOpen());
            assertEquals(1, version(server, "budget"), "nothing of the refused op was applied");

            elsewhere.edit(Delta.builder().insert(chunk).build());
            Await.until(() -> !elsewhere.hasPending(), "another document has its own budget");
            writer.edit(Delta.builder().insert("small").build()); // seq 2 again, made now: what fits still passes
            Await.until(() -> !writer.hasPending(), "a small op still fits what is left");
        }
    }

    private static long version(TestServer server, String id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.baseUri().resolve(URI.create("/api/documents/" + id))).build(),
                HttpResponse.BodyHandlers.ofString());
        return WsTestClient.JSON.readTree(response.body()).get("version").asLong();
    }
}
