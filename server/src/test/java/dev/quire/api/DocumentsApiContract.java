package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.testkit.TestServer;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint and error status of the documents API against the real server. Run once per HTTP
 * version by the subclasses: HTTP/1.1, and the JDK's default HTTP/2, which offers an h2c upgrade on
 * plain http (also with request bodies).
 */
abstract class DocumentsApiContract {
    private static TestServer server;
    Http http;

    abstract HttpClient.Version version();

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    Http http() {
        if (http == null) {
            http = new Http(server.baseUri(), version());
        }
        return http;
    }

    /** Creates a document holding {@code text} (which must end with a newline) and returns its id. */
    String create(String text) {
        Http.Reply reply = http().json("POST", "/api/documents", "{\"title\":\"t\",\"text\":" + quote(text) + "}");
        assertEquals(201, reply.status(), reply::toString);
        return reply.json().get("id").asText();
    }

    static String quote(String s) {
        return WsJson.quote(s);
    }

    String text(String id) {
        Http.Reply reply = http().get("/api/documents/" + id, "Accept", "text/plain");
        assertEquals(200, reply.status(), reply::toString);
        return reply.body();
    }

    static void assertProblem(Http.Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply::toString);
        assertEquals("application/problem+json", reply.contentType(), reply::toString);
        JsonNode problem = reply.json();
        assertEquals(status, problem.get("status").asInt());
        assertFalse(problem.get("detail").asText().isBlank(), reply::toString);
        assertFalse(reply.body().contains("Exception") || reply.body().contains("\tat "), "no internals: " + reply);
        assertEquals(code, problem.path("code").asText(), reply::toString);
    }

    // --- POST /api/documents ---

    @Test
    void create_withDelta_is201WithLocationEtagAndTheDocumentEndingWithNewline() {
        Http.Reply reply = http().json("POST", "/api/documents",
                "{\"title\":\"Notes\",\"content\":{\"ops\":[{\"insert\":\"Hi\",\"attributes\":{\"bold\":true}}]}}");
        assertEquals(201, reply.status(), reply::toString);
        JsonNode doc = reply.json();
        String id = doc.get("id").asText();
        assertTrue(reply.header("Location").endsWith("/api/documents/" + id), reply::toString);
        assertEquals("\"0\"", reply.header("ETag"));
        assertEquals("Notes", doc.get("title").asText());
        assertEquals(0, doc.get("version").asLong());
        assertNotNull(doc.get("createdAt").asText());
        assertNotNull(doc.get("updatedAt").asText());
        assertEquals("{\"ops\":[{\"insert\":\"Hi\",\"attributes\":{\"bold\":true}},{\"insert\":\"\\n\"}]}",
                doc.get("content").toString());
        assertEquals(doc, http().get(reply.header("Location")).json());
    }

    @Test
    void create_withTextOrHtml_convertsToDelta() {
        String fromText = create("line one\nline two\n");
        assertEquals("line one\nline two\n", text(fromText));
        Http.Reply html = http().json("POST", "/api/documents",
                "{\"html\":\"<h1>Title</h1><p>Some <b>bold</b></p>\"}");
        assertEquals(201, html.status(), html::toString);
        assertEquals("Untitled", html.json().get("title").asText());
        assertEquals("{\"ops\":[{\"insert\":\"Title\"},{\"insert\":\"\\n\",\"attributes\":{\"header\":1}},"
                + "{\"insert\":\"Some \"},{\"insert\":\"bold\",\"attributes\":{\"bold\":true}},{\"insert\":\"\\n\"}]}",
                html.json().get("content").toString());
    }

    @Test
    void create_refusals_haveTheirStatusAndCode() {
        assertProblem(http().json("POST", "/api/documents", "{\"title\": "), 400, "invalid_json");
        assertProblem(http().json("POST", "/api/documents", "[]"), 400, "invalid_message");
        assertProblem(http().json("POST", "/api/documents", "{\"name\":\"x\"}"), 400, "invalid_message");
        assertProblem(http().json("POST", "/api/documents", "{\"text\":\"a\",\"html\":\"b\"}"), 400, "invalid_message");
        assertProblem(http().json("POST", "/api/documents", "{\"content\":{\"ops\":[{\"insert\":5}]}}"), 400,
                "invalid_message");
        assertProblem(http().json("POST", "/api/documents", "{\"content\":{\"ops\":[{\"retain\":1}]}}"), 422,
                "invalid_delta");
        assertProblem(http().send("POST", "/api/documents", "text/plain", "hello"), 415, "unsupported_media_type");
        String huge = "{\"text\":\"" + "x".repeat(ApiSettings.defaults().maxBodyBytes()) + "\"}";
        assertProblem(http().json("POST", "/api/documents", huge), 413, "too_large");
    }

    // --- GET /api/documents ---

    @Test
    void list_pagesWithCursor_newestUpdateFirst_withoutContent() {
        Set<String> mine = Set.of(create("a\n"), create("b\n"), create("c\n"));
        List<JsonNode> seen = new ArrayList<>();
        String cursor = null;
        do {
            Http.Reply page = http().get("/api/documents?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            JsonNode documents = page.json().get("documents");
            assertTrue(documents.size() <= 2);
            documents.forEach(seen::add);
            cursor = page.json().path("nextCursor").asText(null);
        } while (cursor != null);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < seen.size(); i++) {
            JsonNode d = seen.get(i);
            assertTrue(ids.add(d.get("id").asText()), "no document twice");
            assertNull(d.get("content"), "list items have no content");
            if (i > 0) {
                JsonNode prev = seen.get(i - 1);
                int byTime = prev.get("updatedAt").asText().compareTo(d.get("updatedAt").asText());
                assertTrue(byTime > 0 || byTime == 0 && prev.get("id").asText().compareTo(d.get("id").asText()) < 0,
                        "ordered by updatedAt desc, then id: " + prev + " before " + d);
            }
        }
        assertTrue(ids.containsAll(mine), ids + " should contain " + mine);
    }

    @Test
    void list_badParameters_are400() {
        assertProblem(http().get("/api/documents?limit=0"), 400, "invalid_message");
        assertProblem(http().get("/api/documents?limit=abc"), 400, "invalid_message");
        assertProblem(http().get("/api/documents?limit=101"), 400, "invalid_message");
        assertProblem(http().get("/api/documents?cursor=nonsense"), 400, "invalid_message");
    }

    // --- GET /api/documents/{id} ---

    @Test
    void get_negotiatesJsonHtmlAndText_withVersionEtag() {
        String id = create("a <b> & c\n");
        Http.Reply json = http().get("/api/documents/" + id);
        assertEquals("application/json", json.contentType());
        assertEquals("\"0\"", json.header("ETag"));
        Http.Reply html = http().get("/api/documents/" + id, "Accept", "text/html");
        assertEquals("text/html", html.contentType());
        assertEquals("<p>a &lt;b&gt; &amp; c</p>", html.body());
        Http.Reply text = http().get("/api/documents/" + id, "Accept", "text/plain;q=0.9, application/xml");
        assertEquals("text/plain", text.contentType());
        assertEquals("a <b> & c\n", text.body());
        assertProblem(http().get("/api/documents/" + id, "Accept", "image/png"), 406, "not_acceptable");
        assertEquals(304, http().get("/api/documents/" + id, "If-None-Match", "\"0\"").status());
    }

    @Test
    void get_unknownOrInvalidId_is404() {
        assertProblem(http().get("/api/documents/no-such-document"), 404, "document_not_found");
        assertProblem(http().get("/api/documents/bad.id"), 404, "document_not_found");
    }

    @Test
    void html_neverCarriesScriptOrJavascriptLinks() {
        Http.Reply created = http().json("POST", "/api/documents", "{\"content\":{\"ops\":["
                + "{\"insert\":\"<script>alert(1)</script>\"},"
                + "{\"insert\":\"click\",\"attributes\":{\"link\":\"javascript:alert(1)\"}},"
                + "{\"insert\":\"ok\",\"attributes\":{\"link\":\"https://example.com/?a=1&b=\\\"2\\\"\"}},"
                + "{\"insert\":\"\\n\"}]}}");
        String id = created.json().get("id").asText();
        assertProblem(http().json("POST", "/api/documents",
                "{\"content\":{\"ops\":[{\"insert\":{\"image\":\"javascript:alert(2)\"}}]}}"), 422, "invalid_delta");
        String html = http().get("/api/documents/" + id, "Accept", "text/html").body();
        assertEquals("<p>&lt;script&gt;alert(1)&lt;/script&gt;click"
                + "<a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\">ok</a></p>", html);
    }

    // --- PATCH /api/documents/{id} ---

    @Test
    void patch_title_renames_andIfMatchMismatchIs412() {
        String id = create("x\n");
        Http.Reply renamed = http().json("PATCH", "/api/documents/" + id, "{\"title\":\"New name\"}", "If-Match", "\"0\"");
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals("New name", http().get("/api/documents/" + id).json().get("title").asText());
        assertProblem(http().json("PATCH", "/api/documents/" + id, "{\"title\":\"Other\"}", "If-Match", "\"7\""),
                412, "version_conflict");
        assertProblem(http().json("PATCH", "/api/documents/" + id, "{\"title\":\"  \"}"), 400, "invalid_message");
    }

    @Test
    void patch_deltaAtOlderBase_isTransformed_committedOpsWinTies() {
        String id = create("ab\n");
        Http.Reply first = http().json("PATCH", "/api/documents/" + id,
                "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"X\"}]}}");
        assertEquals(200, first.status(), first::toString);
        assertEquals(1, first.json().get("version").asLong());
        assertEquals("\"1\"", first.header("ETag"));
        Http.Reply second = http().json("PATCH", "/api/documents/" + id,
                "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"Y\"},{\"retain\":2},{\"insert\":\"!\"}]}}");
        assertEquals(2, second.json().get("version").asLong(), second::toString);
        assertEquals("XYab!\n", text(id));
    }

    @Test
    void patch_refusals_haveTheirStatusAndCode() {
        String id = create("ab\n");
        String path = "/api/documents/" + id;
        assertProblem(http().json("PATCH", path, "{\"baseVersion\":5,\"delta\":{\"ops\":[{\"insert\":\"x\"}]}}"),
                409, "version_in_future");
        assertProblem(http().json("PATCH", path, "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"retain\":9},{\"insert\":\"x\"}]}}"),
                422, "invalid_delta");
        assertProblem(http().json("PATCH", path, "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"delete\":3}]}}"),
                422, "invalid_delta");
        assertProblem(http().json("PATCH", path, "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"retain\":-1}]}}"),
                400, "invalid_message");
        assertProblem(http().json("PATCH", path, "{\"baseVersion\":0}"), 400, "invalid_message");
        assertProblem(http().json("PATCH", path, "{\"title\":\"t\",\"baseVersion\":0}"), 400, "invalid_message");
        assertProblem(http().json("PATCH", path, "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"x\"}]}}",
                "If-Match", "\"3\""), 412, "version_conflict");
        assertProblem(http().send("PATCH", path, "application/xml", "<a/>"), 415, "unsupported_media_type");
        assertProblem(http().json("PATCH", "/api/documents/nope", "{\"title\":\"t\"}"), 404, "document_not_found");
        assertEquals("ab\n", text(id), "nothing refused was applied");
    }

    @Test
    void patch_withIdempotencyKey_resentRequestIsAppliedOnce() {
        String id = create("ab\n");
        String edit = "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"X\"}]}}";
        Http.Reply first = http().json("PATCH", "/api/documents/" + id, edit, "Idempotency-Key", "k-" + id);
        Http.Reply again = http().json("PATCH", "/api/documents/" + id, edit, "Idempotency-Key", "k-" + id);
        assertEquals(200, again.status(), again::toString);
        assertEquals(first.json().get("version"), again.json().get("version"));
        assertEquals("Xab\n", text(id));
    }

    // --- PUT /api/documents/{id}/content ---

    @Test
    void putContent_commitsTheMinimalDiff_inEveryMediaType() {
        String id = create("hello world\n");
        Http.Reply put = http().send("PUT", "/api/documents/" + id + "/content", "text/plain", "hello there world",
                "If-Match", "\"0\"");
        assertEquals(200, put.status(), put::toString);
        assertEquals(1, put.json().get("version").asLong());
        assertEquals("hello there world\n", text(id));
        JsonNode op = http().get("/api/documents/" + id + "/ops?from=0").json().get("ops").get(0);
        assertEquals("{\"ops\":[{\"retain\":6},{\"insert\":\"there \"}]}", op.get("delta").toString());

        Http.Reply same = http().send("PUT", "/api/documents/" + id + "/content", "text/plain", "hello there world\n");
        assertEquals(1, same.json().get("version").asLong(), "no change, no new version");

        http().send("PUT", "/api/documents/" + id + "/content", "text/html", "<p>hello <em>there</em></p>");
        assertEquals("<p>hello <em>there</em></p>", http().get("/api/documents/" + id, "Accept", "text/html").body());
        Http.Reply json = http().json("PUT", "/api/documents/" + id + "/content", "{\"ops\":[{\"insert\":\"J\\n\"}]}");
        assertEquals(3, json.json().get("version").asLong(), json::toString);
        assertEquals("J\n", text(id));

        assertProblem(http().send("PUT", "/api/documents/" + id + "/content", "image/png", "x"), 415, "unsupported_media_type");
        assertProblem(http().send("PUT", "/api/documents/" + id + "/content", "text/plain", "x", "If-Match", "\"1\""),
                412, "version_conflict");
        assertProblem(http().send("PUT", "/api/documents/nope/content", "text/plain", "x"), 404, "document_not_found");
    }

    @Test
    void markdown_isReadAndWrittenByMediaType_andRoundTrips() {
        String id = create("x\n");
        String markdown = "# Notes\n\nSome **bold**, _italic_ and `code` with [a link](https://example.com/).\n\n"
                + "- one\n- two\n  1. nested\n\n> quoted\n\n```\nlet x = 1;\n```\n";
        Http.Reply put = http().send("PUT", "/api/documents/" + id + "/content", "text/markdown; charset=utf-8",
                markdown);
        assertEquals(200, put.status(), put::toString);
        JsonNode content = http().get("/api/documents/" + id).json().get("content");
        assertEquals("{\"ops\":[{\"insert\":\"Notes\"},{\"insert\":\"\\n\",\"attributes\":{\"header\":1}},"
                + "{\"insert\":\"Some \"},{\"insert\":\"bold\",\"attributes\":{\"bold\":true}},{\"insert\":\", \"},"
                + "{\"insert\":\"italic\",\"attributes\":{\"italic\":true}},{\"insert\":\" and \"},"
                + "{\"insert\":\"code\",\"attributes\":{\"code\":true}},{\"insert\":\" with \"},"
                + "{\"insert\":\"a link\",\"attributes\":{\"link\":\"https://example.com/\"}},{\"insert\":\".\\none\"},"
                + "{\"insert\":\"\\n\",\"attributes\":{\"list\":\"bullet\"}},{\"insert\":\"two\"},"
                + "{\"insert\":\"\\n\",\"attributes\":{\"list\":\"bullet\"}},{\"insert\":\"nested\"},"
                + "{\"insert\":\"\\n\",\"attributes\":{\"indent\":1,\"list\":\"ordered\"}},{\"insert\":\"quoted\"},"
                + "{\"insert\":\"\\n\",\"attributes\":{\"blockquote\":true}},{\"insert\":\"let x = 1;\"},"
                + "{\"insert\":\"\\n\",\"attributes\":{\"code-block\":true}}]}", content.toString());

        Http.Reply read = http().get("/api/documents/" + id, "Accept", "text/markdown");
        assertEquals(200, read.status(), read::toString);
        assertEquals("text/markdown", read.contentType());
        assertEquals("# Notes\n\nSome **bold**, _italic_ and `code` with [a link](https://example.com/).\n\n"
                + "- one\n- two\n  1. nested\n\n> quoted\n\n```\nlet x = 1;\n```\n", read.body());
        Http.Reply again = http().send("PUT", "/api/documents/" + id + "/content", "text/markdown", read.body());
        assertEquals(put.json().get("version").asLong(), again.json().get("version").asLong(),
                "its own Markdown back is no change");
        assertEquals(read.body(), http().get("/api/documents/" + id + "/versions/" + put.json().get("version")
                .asLong(), "Accept", "text/markdown").body());
        assertProblem(http().send("PUT", "/api/documents/" + id + "/content", "text/x-markdown", "# x"), 415,
                "unsupported_media_type");
    }

    // --- DELETE /api/documents/{id} ---

    @Test
    void delete_thenReadsAre404_andWritesAre404Or410() {
        String id = create("bye\n");
        assertProblem(http().delete("/api/documents/" + id, "If-Match", "\"4\""), 412, "version_conflict");
        assertEquals(204, http().delete("/api/documents/" + id, "If-Match", "\"0\"").status());
        assertProblem(http().get("/api/documents/" + id), 404, "document_not_found");
        assertProblem(http().get("/api/documents/" + id + "/ops"), 404, "document_not_found");
        assertProblem(http().get("/api/documents/" + id + "/versions/0"), 404, "document_not_found");
        Http.Reply patch = http().json("PATCH", "/api/documents/" + id, "{\"title\":\"t\"}");
        assertTrue(patch.status() == 404 || patch.status() == 410, patch::toString);
        Http.Reply again = http().delete("/api/documents/" + id);
        assertTrue(again.status() == 404 || again.status() == 410, again::toString);
        boolean listed = false;
        for (JsonNode d : http().get("/api/documents?limit=100").json().get("documents")) {
            listed |= d.get("id").asText().equals(id);
        }
        assertFalse(listed, "a deleted document is not listed");
    }

    // --- history ---

    @Test
    void opsAndVersions_giveHistoryAndContentAtEveryVersion() {
        String id = create("a\n");
        for (String insert : List.of("b", "c", "d")) {
            http().json("PATCH", "/api/documents/" + id, "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"" + insert + "\"}]}}");
        }
        JsonNode ops = http().get("/api/documents/" + id + "/ops?from=1&to=3").json().get("ops");
        assertEquals(2, ops.size());
        assertEquals(2, ops.get(0).get("version").asLong());
        assertEquals("REST API", ops.get(0).get("author").asText());
        assertEquals(3, http().get("/api/documents/" + id + "/ops").json().get("ops").size());
        assertEquals("a\n", http().get("/api/documents/" + id + "/versions/0", "Accept", "text/plain").body());
        assertEquals("ba\n", http().get("/api/documents/" + id + "/versions/1", "Accept", "text/plain").body());
        Http.Reply v2 = http().get("/api/documents/" + id + "/versions/2");
        assertEquals("\"2\"", v2.header("ETag"));
        assertEquals("{\"ops\":[{\"insert\":\"bca\\n\"}]}", v2.json().get("content").toString());
        assertProblem(http().get("/api/documents/" + id + "/versions/9"), 404, "not_found");
        assertProblem(http().get("/api/documents/" + id + "/versions/x"), 400, "invalid_message");
        assertProblem(http().get("/api/documents/" + id + "/ops?from=3&to=1"), 400, "invalid_message");
        assertProblem(http().get("/api/documents/" + id + "/ops?from=0&to=5000"), 400, "invalid_message");
        assertProblem(http().get("/api/documents/nope/ops"), 404, "document_not_found");
    }

    @Test
    void unknownPathAndMethod_areProblems() {
        assertProblem(http().get("/api/nothing-here"), 404, "not_found");
        Http.Reply wrongMethod = http().send("POST", "/api/documents/x/ops", "application/json", "{}");
        assertProblem(wrongMethod, 405, "method_not_allowed");
    }
}
