package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.WsTestClient;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

/** Saved versions over REST and the WebSocket save message, against a running server. */
class SavesApiTest extends ApiServerTest {
    SavesApiTest() {
        super(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void webSocketSave_everyoneGetsSaved_andRestListsIt() {
        String id = create("hello\n");
        try (WsTestClient ada = server.client(id, "ada").connect().join();
             WsTestClient bob = server.client(id, "bob").connect().join()) {
            ada.edit(Delta.builder().retain(5).insert("!").build());
            Await.until(() -> ada.isSettled(1), "the edit is committed");
            JsonNode saved = ada.nextOfType("saved", () -> ada.send("{\"type\":\"save\",\"label\":\"v1\"}"));
            assertEquals(1, saved.get("savedVersion").asLong());
            assertEquals(1, saved.get("version").asLong());
            assertEquals("explicit", saved.get("trigger").asText());
            assertEquals("v1", saved.get("label").asText());
            assertEquals(saved, bob.awaitMessage(m -> WsTestClient.type(m).equals("saved"), 0));
        }
        JsonNode list = http.get("/api/documents/" + id + "/saves").json();
        assertEquals(1, list.get("saves").size());
        assertEquals("v1", list.get("saves").get(0).get("label").asText());
    }

    @Test
    void postSave_thenGetInEveryFormat_thenRestore() {
        String id = create("first\n");
        Http.Reply saved = http.json("POST", "/api/documents/" + id + "/saves", "{\"label\":\"before\"}");
        assertEquals(201, saved.status(), saved::toString);
        assertEquals("explicit", saved.json().get("trigger").asText());
        assertEquals(0, saved.json().get("version").asLong());
        assertTrue(saved.header("Location").endsWith("/api/documents/" + id + "/saves/1"), saved::toString);

        Http.Reply put = http.send("PUT", "/api/documents/" + id + "/content", "text/plain", "second\n");
        assertEquals(200, put.status(), put::toString);
        JsonNode saves = http.get("/api/documents/" + id + "/saves").json().get("saves");
        assertEquals(2, saves.size(), "a REST write is saved too: " + saves);
        assertEquals("api", saves.get(0).get("trigger").asText());

        assertEquals("first\n", http.get("/api/documents/" + id + "/saves/1", "Accept", "text/plain").body());
        JsonNode one = http.get("/api/documents/" + id + "/saves/1").json();
        assertEquals("before", one.get("label").asText());
        assertEquals("first\n", one.get("content").get("ops").get(0).get("insert").asText());
        assertTrue(http.get("/api/documents/" + id + "/saves/1", "Accept", "text/html").body().contains("first"));

        Http.Reply restored = http.json("POST", "/api/documents/" + id + "/saves/1/restore", "");
        assertEquals(200, restored.status(), restored::toString);
        assertEquals(2, restored.json().get("version").asLong());
        assertEquals("first\n", http.get("/api/documents/" + id, "Accept", "text/plain").body());
        assertEquals(2, http.get("/api/documents/" + id + "/ops").json().get("ops").size(), "history is kept");
    }

    @Test
    void restore_isRecordedAsARestoreByWhom_afterASaveOfWhatItReplaces() {
        String id = create("first\n");
        assertEquals(201, http.json("POST", "/api/documents/" + id + "/saves", "").status());
        try (WsTestClient grace = server.client(id, "grace").connect().join()) {
            grace.edit(Delta.builder().insert("typed ").build());
            Await.until(() -> grace.isSettled(1), "Grace's edit is committed");
        }

        Http.Reply restored = http.json("POST", "/api/documents/" + id + "/saves/1/restore", "{\"by\":\"Ada\"}");
        assertEquals(200, restored.status(), restored::toString);

        JsonNode saves = http.get("/api/documents/" + id + "/saves").json().get("saves");
        JsonNode restore = saves.get(0);
        assertEquals("restore", restore.get("trigger").asText(), saves::toString);
        assertEquals("Ada", restore.get("savedBy").asText());
        assertEquals("Restored version 1", restore.get("label").asText());
        // Saved just before the restore ("Before restoring version 1"), or by an autosave if one came first.
        JsonNode before = saves.get(1);
        assertEquals(1, before.get("version").asLong(), saves::toString);
        assertEquals("typed first\n", http.get("/api/documents/" + id + "/saves/" + before.get("number").asLong(),
                "Accept", "text/plain").body(), "the text the restore replaced is in history");

        Http.Reply badName = http.json("POST", "/api/documents/" + id + "/saves/1/restore", "{\"by\":\" \"}");
        assertEquals(400, badName.status(), badName::toString);
        assertTrue(badName.body().contains("\\\"by\\\" must be 1 to 100 characters"), badName::toString);
        assertEquals(400, http.json("POST", "/api/documents/" + id + "/saves/1/restore", "{\"who\":\"x\"}")
                .status());
    }

    @Test
    void badRequests_getPreciseProblems() {
        String id = create("x\n");
        Http.Reply badNumber = http.get("/api/documents/" + id + "/saves/zero");
        assertEquals(400, badNumber.status());
        assertTrue(badNumber.body().contains("a saved version number is an integer from 1, got \\\"zero\\\""),
                badNumber::toString);
        Http.Reply missing = http.get("/api/documents/" + id + "/saves/7");
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("has no saved version 7"), missing::toString);
        Http.Reply badLabel = http.json("POST", "/api/documents/" + id + "/saves", "{\"label\":5}");
        assertEquals(400, badLabel.status());
        assertTrue(badLabel.body().contains("\\\"label\\\" must be a string"), badLabel::toString);
        Http.Reply unknown = http.json("POST", "/api/documents/nope/saves", "{}");
        assertEquals(404, unknown.status());
        assertFalse(http.get("/api/documents/nope/saves").status() == 200);
    }

    /** The REST label limit is its own constant; it stays the WebSocket save's 200 (docs/rest.md, docs/protocol.md). */
    @Test
    void label_ofUpTo200Characters() {
        String id = create("x\n");
        String longest = "l".repeat(200);
        assertEquals(201, http.json("POST", "/api/documents/" + id + "/saves", "{\"label\":\"" + longest + "\"}")
                .status());
        Http.Reply tooLong = http.json("POST", "/api/documents/" + id + "/saves", "{\"label\":\"" + longest + "l\"}");
        assertEquals(400, tooLong.status());
        assertTrue(tooLong.body().contains("\\\"label\\\" must be 1 to 200 characters long"), tooLong::toString);
    }
}
