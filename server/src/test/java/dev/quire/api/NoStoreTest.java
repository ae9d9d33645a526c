package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.testkit.TestServer;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No REST answer may be kept by a browser or proxy cache: document reads (content, ops, versions, saves), webhook
 * secrets (create, rotate), share links, token listings and errors all carry {@code Cache-Control: no-store}.
 */
class NoStoreTest {

    @Test
    void everyRestAnswer_carriesNoStore() {
        try (TestServer server = TestServer.allowingPrivateWebhooks(null)) {
            Http http = new Http(server.baseUri(), HttpClient.Version.HTTP_1_1);
            Http.Reply created = http.json("POST", "/api/documents", "{\"title\":\"private\",\"text\":\"secret\"}");
            String doc = "/api/documents/" + created.json().path("id").asText();
            Http.Reply saved = http.json("POST", doc + "/saves", "{\"label\":\"v1\"}");
            Http.Reply hook = http.json("POST", "/api/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}");
            String webhook = "/api/webhooks/" + hook.json().path("id").asText();

            List<Http.Reply> replies = List.of(created, saved, hook,
                    http.get(doc), http.get(doc, "Accept", "text/plain"), http.get(doc, "Accept", "text/html"),
                    http.get(doc + "/ops"), http.get(doc + "/versions/1"), http.get(doc + "/saves"),
                    http.get(doc + "/saves/1"), http.get("/api/documents"),
                    http.send("POST", webhook + "/rotate-secret", null, null), http.get(webhook),
                    http.get(webhook + "/deliveries"), http.get("/api/webhooks"),
                    http.json("POST", doc + "/share-links", "{\"role\":\"view\"}"), http.get(doc + "/share-links"),
                    http.get("/api/tokens"), http.get("/api/me"),
                    http.get("/api/documents/no-such-document"), http.json("POST", "/api/documents", "{nope"));
            for (Http.Reply reply : replies) {
                assertEquals("no-store", reply.header("Cache-Control"), reply::toString);
            }
            assertEquals(201, hook.status(), hook::toString);
            assertEquals(200, replies.get(11).status(), () -> "rotate: " + replies.get(11));
        }
    }
}
