package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.app.SecurityLimits;
import dev.quire.app.ServerConfig;
import dev.quire.app.Settings;
import dev.quire.auth.AuthSettings;
import dev.quire.testkit.TestServer;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Bytes over REST (docs/rest.md, docs/security.md): history comes in pages bounded by bytes with a cursor to the
 * next, and writes - edits, replacements, restores, new documents - count against the document's and the
 * credential's write budgets, refused with 429, {@code write_budget_exceeded} and {@code Retry-After}.
 */
class HistoryBytesApiTest {
    private static final String ADMIN = "history-bytes-test-admin-secret-0123456789";
    /** About 1.8 MB of history each (two bytes a character), within the 4 MiB request body. */
    private static final String LARGE = "x".repeat(900_000);

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private static String create(Http http, String text, String... headers) {
        Http.Reply created = http.json("POST", "/api/documents", "{\"text\":\"" + text + "\"}", headers);
        assertEquals(201, created.status(), created.toString());
        return created.json().get("id").asText();
    }

    private static Http.Reply insert(Http http, String id, long baseVersion, String text, String... headers) {
        return http.json("PATCH", "/api/documents/" + id, "{\"baseVersion\":" + baseVersion
                + ",\"delta\":{\"ops\":[{\"insert\":\"" + text + "\"}]}}", headers);
    }

    @Test
    void history_ofLargeOps_comesInPagesBoundedByBytes_followingNextGetsEveryOpOnce() {
        try (TestServer server = TestServer.start()) {
            Http http = new Http(server.baseUri(), HttpClient.Version.HTTP_1_1);
            String id = create(http, "");
            for (long base = 0; base < 6; base += 2) {
                assertEquals(200, insert(http, id, base, LARGE).status());
                assertEquals(200, http.json("PATCH", "/api/documents/" + id, "{\"baseVersion\":" + (base + 1)
                        + ",\"delta\":{\"ops\":[{\"delete\":" + LARGE.length() + "}]}}").status());
            }

            // Two readers at once, as in the report: each gets pages, none gets the whole history in one answer.
            List<CompletableFuture<List<Long>>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(CompletableFuture.supplyAsync(() -> pageThrough(http, id)));
            }
            for (CompletableFuture<List<Long>> reader : readers) {
                assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), reader.join());
            }
        }
    }

    /** The versions of every op, page by page; asserts that each page stays under the bound. */
    private static List<Long> pageThrough(Http http, String id) {
        List<Long> versions = new ArrayList<>();
        long from = 0;
        int pages = 0;
        while (true) {
            Http.Reply reply = http.get("/api/documents/" + id + "/ops?from=" + from);
            assertEquals(200, reply.status(), reply.toString());
            assertTrue(reply.body().length() < 5 << 20, "a page of " + reply.body().length() + " characters");
            JsonNode page = reply.json();
            page.get("ops").forEach(op -> versions.add(op.get("version").asLong()));
            pages++;
            if (!page.has("next")) {
                break;
            }
            assertEquals(versions.get(versions.size() - 1), page.get("next").asLong());
            from = page.get("next").asLong();
        }
        assertTrue(pages > 1, "one page held 5.4 MB of inserts");
        return versions;
    }

    @Test
    void writeBudgetOfADocument_spent_restWritesGet429WithRetryAfter_andChangeNothing() {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, TestServer.tempDir())
                .with(Settings.WRITE_BUDGET_PER_DOCUMENT, 1L << 20);
        try (TestServer server = TestServer.start(config, SecurityLimits.defaults())) {
            Http http = new Http(server.baseUri(), HttpClient.Version.HTTP_1_1);
            String id = create(http, "start");
            String chunk = "y".repeat(300_000); // about 600 KB of the 1 MiB
            assertEquals(200, insert(http, id, 0, chunk).status());
            assertEquals(201, http.json("POST", "/api/documents/" + id + "/saves", "{}").status());

            assertBudgetRefusal(insert(http, id, 1, chunk), "document");
            assertBudgetRefusal(http.send("PUT", "/api/documents/" + id + "/content", "text/plain", chunk + chunk),
                    "document");
            assertEquals(200, http.send("PUT", "/api/documents/" + id + "/content", "text/plain", "start").status(),
                    "a small change still fits");
            assertBudgetRefusal(http.json("POST", "/api/documents/" + id + "/saves/1/restore", ""), "document");
            assertEquals(2, http.get("/api/documents/" + id).json().get("version").asLong(),
                    "only the writes that fitted were applied");

            String other = create(http, "");
            assertEquals(200, insert(http, other, 0, chunk).status(), "another document has its own budget");
        }
    }

    @Test
    void writeBudgetOfACredential_spansDocuments_andNewDocuments_othersUnaffected() {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, TestServer.tempDir())
                .with(Settings.WRITE_BUDGET_PER_CREDENTIAL, 1L << 20);
        try (TestServer server = TestServer.start(config, SecurityLimits.defaults(),
                AuthSettings.defaults().withAdminToken(ADMIN))) {
            Http http = new Http(server.baseUri(), HttpClient.Version.HTTP_1_1);
            Http.Reply minted = http.json("POST", "/api/tokens", "{\"scopes\":[\"documents:write\","
                    + "\"documents:read\"]}", bearer(ADMIN));
            assertEquals(201, minted.status(), minted.toString());
            String token = minted.json().get("token").asText();
            String chunk = "z".repeat(300_000);

            String first = create(http, "", bearer(token));
            assertEquals(200, insert(http, first, 0, chunk, bearer(token)).status());
            String second = create(http, "", bearer(token));

            assertBudgetRefusal(insert(http, second, 0, chunk, bearer(token)), "credential");
            assertBudgetRefusal(http.json("POST", "/api/documents", "{\"text\":\"" + chunk + "\"}", bearer(token)),
                    "credential");
            assertEquals(200, insert(http, second, 0, chunk, bearer(ADMIN)).status(),
                    "another credential has its own budget, on the same document");
        }
    }

    private static void assertBudgetRefusal(Http.Reply reply, String budget) {
        assertEquals(429, reply.status(), reply.toString());
        assertEquals("application/problem+json", reply.contentType());
        JsonNode problem = reply.json();
        assertEquals("write_budget_exceeded", problem.get("code").asText());
        assertTrue(problem.get("detail").asText().contains(budget + "'s write budget"), problem.toString());
        String retryAfter = reply.header("Retry-After");
        assertFalse(retryAfter == null || Long.parseLong(retryAfter) < 1, reply.toString());
    }
}
