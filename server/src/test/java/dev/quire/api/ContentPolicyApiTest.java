package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import dev.quire.testkit.StoredDocuments;
import dev.quire.testkit.TestServer;
import java.net.http.HttpClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every REST path that brings content in is held to the same content rule as WebSocket ops: create (JSON, text and
 * HTML), PATCH, PUT content and restore. A refusal is 422 problem+json with the code {@code invalid_delta} and a
 * message naming the place; the document stays as it was.
 */
class ContentPolicyApiTest extends ApiServerTest {
    private static final String BOGUS = "{\"ops\":[{\"insert\":\"a\"},{\"insert\":{\"bogus\":\"x\"}},{\"insert\":\"\\n\"}]}";

    ContentPolicyApiTest() {
        super(HttpClient.Version.HTTP_1_1);
    }

    private static void assertInvalidDelta(Http.Reply reply, String detailStart) {
        assertEquals(422, reply.status(), reply::toString);
        assertEquals("application/problem+json", reply.contentType(), reply::toString);
        JsonNode problem = reply.json();
        assertEquals("invalid_delta", problem.get("code").asText(), reply::toString);
        assertTrue(problem.get("detail").asText().startsWith(detailStart), reply::toString);
    }

    private String text(String id) {
        return http.get("/api/documents/" + id, "Accept", "text/plain").body();
    }

    private long version(String id) {
        return http.get("/api/documents/" + id).json().get("version").asLong();
    }

    @Test
    void create_withAnUnknownEmbed_isRefused_andCreatesNothing() {
        long before = http.get("/api/documents").json().get("documents").size();
        assertInvalidDelta(http.json("POST", "/api/documents", "{\"content\":" + BOGUS + "}"),
                "content: insert at 1: embeds of type \"bogus\" are not supported");
        assertInvalidDelta(http.json("POST", "/api/documents",
                "{\"content\":{\"ops\":[{\"insert\":{\"constructor\":\"x\"}}]}}"),
                "content: insert at 0: embeds of type \"constructor\" are not supported");
        assertEquals(before, http.get("/api/documents").json().get("documents").size());
    }

    @Test
    void create_withALoneSurrogate_asTextOrHtml_isRefused() {
        assertInvalidDelta(http.json("POST", "/api/documents", "{\"text\":\"ab\\ud83d\"}"),
                "content: insert at 0: the text has an unpaired surrogate U+D83D at offset 2");
        assertInvalidDelta(http.json("POST", "/api/documents", "{\"html\":\"<p>ab<b>\\udc00</b></p>\"}"),
                "content: insert at 2: the text has an unpaired surrogate U+DC00 at offset 0");
    }

    @Test
    void create_withAnImage_isAccepted() {
        Http.Reply created = http.json("POST", "/api/documents",
                "{\"content\":{\"ops\":[{\"insert\":{\"image\":\"https://example.com/a.png\"}},{\"insert\":\"\\n\"}]}}");
        assertEquals(201, created.status(), created::toString);
    }

    @Test
    void patch_withAnUnknownEmbed_isRefused_andTheDocumentStays() {
        String id = create("hello\n");
        assertInvalidDelta(http.json("PATCH", "/api/documents/" + id,
                "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"retain\":5},{\"insert\":{\"video\":\"https://v\"}}]}}"),
                "insert at 5: embeds of type \"video\" are not supported");
        assertEquals("hello\n", text(id));
        assertEquals(0, version(id));
    }

    @Test
    void patch_splittingASurrogatePair_isRefused() {
        String id = create("a\uD83D\uDE00b\n");
        assertInvalidDelta(http.json("PATCH", "/api/documents/" + id,
                "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"retain\":2},{\"delete\":2}]}}"),
                "the change has an op boundary at 2, inside the surrogate pair U+D83D U+DE00 at 1");
        assertEquals(0, version(id));
    }

    @Test
    void putContent_withAnUnknownEmbed_isRefused() {
        String id = create("hello\n");
        assertInvalidDelta(http.send("PUT", "/api/documents/" + id + "/content", "application/json", BOGUS),
                "insert at 0: embeds of type \"bogus\" are not supported");
        assertEquals("hello\n", text(id));
    }

    @Test
    void putContent_replacingOneEmojiWithAnother_keepsThePairsWhole() {
        String id = create("x\uD83D\uDE00y\n");
        Http.Reply put = http.send("PUT", "/api/documents/" + id + "/content", "text/plain", "x\uD83D\uDE01y\n");
        assertEquals(200, put.status(), put::toString);
        assertEquals("x\uD83D\uDE01y\n", text(id));
    }

    @Test
    void putHtml_keepsOnlySafeImages_andIsAccepted() {
        String id = create("hello\n");
        Http.Reply put = http.send("PUT", "/api/documents/" + id + "/content", "text/html",
                "<p>a<img src=\"https://example.com/a.png\"><img src=\"javascript:alert(1)\"><iframe src=\"https://v\">"
                        + "</iframe>b</p>");
        assertEquals(200, put.status(), put::toString);
        JsonNode content = http.get("/api/documents/" + id).json().get("content");
        assertEquals("{\"ops\":[{\"insert\":\"a\"},{\"insert\":{\"image\":\"https://example.com/a.png\"}},"
                + "{\"insert\":\"b\\n\"}]}", content.toString());
    }

    @Test
    void documentStoredWithAnUnknownEmbed_canBeEditedAndReplaced_butRestoringTheEmbedIsRefused() {
        Path data = TestServer.tempDir();
        Delta legacy = Delta.builder().insert("a").insert(Embed.of("bogus", "x"), AttributeMap.EMPTY).insert("b\n")
                .build();
        StoredDocuments.create(data, "legacy", legacy);
        server.close();
        server = TestServer.startOn(data);
        http = new Http(server.baseUri(), HttpClient.Version.HTTP_1_1);

        Http.Reply patch = http.json("PATCH", "/api/documents/legacy",
                "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"retain\":3},{\"insert\":\"c\"}]}}");
        assertEquals(200, patch.status(), patch::toString);
        // A round trip of its own content keeps the old embed: the diff only retains it.
        String own = http.get("/api/documents/legacy").json().get("content").toString();
        Http.Reply same = http.send("PUT", "/api/documents/legacy/content", "application/json", own);
        assertEquals(200, same.status(), same::toString);
        Http.Reply replaced = http.send("PUT", "/api/documents/legacy/content", "text/plain", "plain\n");
        assertEquals(200, replaced.status(), replaced::toString);
        long version = version("legacy");

        Http.Reply restore = http.json("POST", "/api/documents/legacy/saves/1/restore", "");
        assertInvalidDelta(restore, "insert at ");
        assertTrue(restore.json().get("detail").asText().contains("embeds of type \"bogus\" are not supported"),
                restore::toString);
        assertEquals("plain\n", text("legacy"));
        assertEquals(version, version("legacy"));
    }
}
