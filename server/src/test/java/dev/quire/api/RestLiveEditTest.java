package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.WsTestClient;
import jakarta.websocket.CloseReason;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

/** REST writes meet live WebSocket editors: they go through the same hub, so everyone converges. */
class RestLiveEditTest extends ApiServerTest {
    RestLiveEditTest() {
        super(HttpClient.Version.HTTP_2);
    }

    private String restText(String id) {
        return http.get("/api/documents/" + id, "Accept", "text/plain").body();
    }

    @Test
    void restPatchAtAnOlderBase_whileAWebSocketClientEdits_convergesAndAppearsLive() {
        String id = create("hello\n");
        try (WsTestClient ws = server.client(id, "ws-1").connect().join()) {
            for (int i = 0; i < 5; i++) {
                ws.edit(Delta.builder().retain(5).insert("!").build());
            }
            Await.until(() -> ws.version() >= 1, "the socket's first op is committed");
            int opsSeen = ws.count(m -> WsTestClient.type(m).equals("op"));
            // Made against version 0: the socket's committed ops come first and win the tie at index 0.
            Http.Reply patch = http.json("PATCH", "/api/documents/" + id,
                    "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\">> \"}]}}");
            assertEquals(200, patch.status(), patch::toString);
            long restVersion = patch.json().get("version").asLong();

            JsonNode live = ws.awaitMessage(m -> WsTestClient.type(m).equals("op"), opsSeen);
            assertTrue(live.get("clientId").asText().startsWith("api:"), live::toString);
            assertEquals(restVersion, live.get("version").asLong());
            ws.edit(Delta.builder().retain(3).insert("X").build());
            Await.until(() -> {
                Http.Reply now = http.get("/api/documents/" + id);
                return ws.isSettled(now.json().get("version").asLong());
            }, "the socket's edits are all acknowledged");
            String expected = ">> Xhello!!!!!\n";
            assertEquals(expected, restText(id));
            assertEquals(Delta.ofText(expected), ws.content());
        }
    }

    @Test
    void restReplace_reachesLiveEditorsAsAMinimalOp() {
        String id = create("one two\n");
        try (WsTestClient ws = server.client(id, "ws-1").connect().join()) {
            JsonNode op = ws.nextOfType("op", () -> assertEquals(200, http.send("PUT",
                    "/api/documents/" + id + "/content", "text/plain", "one and two\n").status()));
            assertEquals("{\"ops\":[{\"retain\":4},{\"insert\":\"and \"}]}", op.get("delta").toString());
            Await.until(() -> ws.content().equals(Delta.ofText("one and two\n")), "the socket applied the op");
        }
    }

    @Test
    void delete_disconnectsLiveEditorsWith4410_andAJoinDoesNotResurrectIt() {
        String id = create("doomed\n");
        WsTestClient ws = server.client(id, "ws-1").connect().join();
        assertEquals(204, http.delete("/api/documents/" + id).status());
        CloseReason reason = ws.awaitClose();
        assertEquals(4410, reason.getCloseCode().getCode());
        assertTrue(reason.getReasonPhrase().startsWith("document_deleted"), reason::toString);

        WsTestClient late = server.client(id, "ws-2").connect();
        late.send("{\"type\":\"hello\",\"protocol\":2}");
        assertEquals(4410, late.awaitClose().getCloseCode().getCode());
        assertEquals(404, http.get("/api/documents/" + id).status(), "still gone");
    }

    @Test
    void renamedTitle_isWhatLaterJoinersAreWelcomedWith() {
        String id = create("x\n");
        assertEquals(200, http.json("PATCH", "/api/documents/" + id, "{\"title\":\"Renamed\"}").status());
        try (WsTestClient ws = server.client(id, "ws-1").connect()) {
            JsonNode welcome = ws.nextOfType("welcome", () ->
                    ws.send("{\"type\":\"hello\",\"protocol\":2}"));
            assertEquals("Renamed", welcome.get("title").asText());
        }
    }

    @Test
    void restRename_isToldToLiveEditors_asATitleMessage() {
        String id = create("x\n");
        try (WsTestClient ws = server.client(id, "ws-1").connect().join();
             WsTestClient other = server.client(id, "ws-2").connect().join()) {
            JsonNode title = ws.nextOfType("title", () -> assertEquals(200,
                    http.json("PATCH", "/api/documents/" + id, "{\"title\":\"  Minutes  \"}").status()));
            assertEquals("{\"type\":\"title\",\"title\":\"Minutes\",\"by\":\"REST API\"}", title.toString());
            assertEquals("Minutes", other.awaitMessage(m -> WsTestClient.type(m).equals("title"), 0)
                    .get("title").asText());
            assertEquals("Minutes", http.get("/api/documents/" + id).json().get("title").asText());

            int titles = ws.count(m -> WsTestClient.type(m).equals("title"));
            assertEquals(412, http.send("PATCH", "/api/documents/" + id, "application/json", "{\"title\":\"No\"}",
                    "If-Match", "\"99\"").status());
            ws.edit(Delta.builder().insert("y").build());
            Await.until(() -> ws.isSettled(1), "a later op is acknowledged");
            assertEquals(titles, ws.count(m -> WsTestClient.type(m).equals("title")), "a refused rename tells no one");
        }
    }

    @Test
    void webSocketEdits_areVisibleOverRest_onlyOnceCommitted() {
        String id = create("a\n");
        try (WsTestClient ws = server.client(id, "ws-1").connect().join()) {
            ws.edit(Delta.builder().insert("b").build());
            Await.until(() -> ws.isSettled(1), "acknowledged");
            Http.Reply reply = http.get("/api/documents/" + id);
            assertEquals("\"1\"", reply.header("ETag"));
            assertEquals("ba\n", restText(id));
            assertEquals("a\n", http.get("/api/documents/" + id + "/versions/0", "Accept", "text/plain").body());
        }
    }
}
