package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Everything written over WebSocket and REST reads back identical — content, versions, titles and
 * history — after the server is stopped and started again on the same data directory.
 */
class RestartTest {

    private record Reads(String document, String etag, String list, String ops, String oldVersion) {
    }

    private static Reads readAll(Http http, String id) {
        Http.Reply document = http.get("/api/documents/" + id);
        assertEquals(200, document.status(), document.toString());
        return new Reads(document.body(), document.header("ETag"), http.get("/api/documents").body(),
                http.get("/api/documents/" + id + "/ops?from=0").body(),
                http.get("/api/documents/" + id + "/versions/2").body());
    }

    @Test
    void stopAndStartOnTheSameData_readsBackEverythingIdentical() {
        TestServer first = TestServer.start();
        String id;
        Reads before;
        try {
            Http http = new Http(first.baseUri(), HttpClient.Version.HTTP_1_1);
            Http.Reply created = http.json("POST", "/api/documents", "{\"title\":\"Minutes\",\"text\":\"Agenda\"}");
            assertEquals(201, created.status(), created.toString());
            id = created.json().get("id").asText();
            try (WsTestClient ada = first.client(id, "ada").connect().join()) {
                ada.edit(Delta.builder().retain(6).insert(" for Monday").build());
                ada.edit(Delta.builder().insert("# ").build());
                Await.until(() -> !ada.hasPending(), "ada's edits are acknowledged");
            }
            Http.Reply patched = http.json("PATCH", "/api/documents/" + id,
                    "{\"baseVersion\":1,\"delta\":{\"ops\":[{\"insert\":\"Draft: \"}]}}");
            assertEquals(200, patched.status(), patched.toString());
            assertEquals(200, http.json("PATCH", "/api/documents/" + id, "{\"title\":\"Minutes, Monday\"}").status());
            before = readAll(http, id);
        } finally {
            first.stop();
        }

        try (TestServer second = TestServer.startOn(first.data())) {
            Http http = new Http(second.baseUri(), HttpClient.Version.HTTP_1_1);
            Reads after = readAll(http, id);
            assertEquals(before, after);
            JsonNode document = http.get("/api/documents/" + id).json();
            assertEquals(3, document.get("version").asLong());
            assertEquals("Minutes, Monday", document.get("title").asText());
            try (WsTestClient bob = second.client(id, "bob").connect().join()) {
                assertEquals(List.of(3L), List.of(bob.version()));
                assertEquals("# Draft: Agenda for Monday\n", plain(bob.content()), "ada's committed \"# \" won the tie");
            }
        }
    }

    private static String plain(Delta content) {
        StringBuilder text = new StringBuilder();
        content.ops().forEach(op -> text.append(((dev.quire.ot.Op.Insert) op).text()));
        return text.toString();
    }
}
