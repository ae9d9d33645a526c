package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import dev.quire.testkit.Await;
import dev.quire.testkit.StoredDocuments;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A document stored with embeds the editor cannot show (by an older server, before they were refused) must not stop
 * the editor: each shows as a placeholder of the same length, and people keep editing after it and converge.
 */
@Tag("heavy")
class UnsupportedContentTest extends BrowserTest {
    private static final String PLACEHOLDER = "quire-unsupported";
    private static final Delta LEGACY = Delta.builder()
            .insert("before ")
            .insert(Embed.of("bogus", "x"), AttributeMap.EMPTY)
            .insert(Embed.of("constructor", "y"), AttributeMap.EMPTY)
            .insert(Embed.of("formula", "e=mc^2"), AttributeMap.EMPTY) // Quill throws without KaTeX
            .insert(" after\n")
            .build();

    /** The per-test server, replaced by one on a data directory that already holds the document. */
    private void serveStoredDocument() {
        Path data = TestServer.tempDir();
        StoredDocuments.create(data, "legacy", LEGACY);
        server.close();
        server = TestServer.startOn(data);
    }

    @Test
    @DisplayName("unknown embeds in a stored document show as placeholders, and two people type after them and converge")
    void unknownEmbedsShowAsPlaceholders_andEditingAfterThemConverges() {
        serveStoredDocument();
        List<String> pageErrors = new CopyOnWriteArrayList<>();
        EditorPage ada = open("Ada", "legacy");
        EditorPage grace = open("Grace", "legacy");
        ada.page.onPageError(pageErrors::add);
        grace.page.onPageError(pageErrors::add);

        Locator placeholders = ada.page.locator(".ql-editor .ql-unsupported-embed");
        assertEquals(3, placeholders.count());
        assertEquals("[bogus]", placeholders.nth(0).textContent().replace("\uFEFF", ""));
        assertEquals("[constructor]", placeholders.nth(1).textContent().replace("\uFEFF", ""));
        assertTrue(ada.page.locator(".ql-editor").textContent().contains("after"), "rendering went on past them");
        assertEquals(LEGACY.length(), ((Number) ada.page.evaluate("() => window.__quire.quill.getLength()")).intValue(),
                "as long as the stored document, so positions agree with the server's");

        ada.caretAt(10); // right after the three embeds
        ada.type("A");
        // At the end of " after", wherever that is by now on Grace's page.
        grace.page.evaluate("() => { const q = window.__quire.quill; q.focus(); q.setSelection(q.getLength() - 1, 0, 'user'); }");
        grace.type("G");
        ada.caretAt(7); // before the first embed
        ada.type("<");

        JsonNode truth = awaitConvergence(ada, grace);
        assertEquals("{\"ops\":[{\"insert\":\"before <\"},{\"insert\":{\"bogus\":\"x\"}},"
                + "{\"insert\":{\"constructor\":\"y\"}},{\"insert\":{\"formula\":\"e=mc^2\"}},"
                + "{\"insert\":\"A afterG\\n\"}]}", truth.toString(), "the edits landed where they were typed");

        // Deleting a placeholder deletes the stored embed.
        grace.page.evaluate("() => window.__quire.quill.deleteText(8, 1, 'user')");
        truth = awaitConvergence(ada, grace);
        assertTrue(!truth.toString().contains("bogus") && truth.toString().contains("constructor"), truth::toString);
        assertEquals(List.of(), pageErrors);
    }

    @Test
    @DisplayName("the history preview of a saved version with unknown embeds shows placeholders")
    void historyPreviewShowsPlaceholders() {
        serveStoredDocument();
        EditorPage ada = open("Ada", "legacy");
        ada.page.locator("#history-toggle").click();
        ada.page.locator("#history-list .history-item[data-number='1']").click();
        Locator preview = ada.page.locator("#history-preview .ql-editor");
        preview.filter(new Locator.FilterOptions().setHasText("after")).waitFor();
        assertEquals(3, preview.locator(".ql-unsupported-embed").count());
    }

    @Test
    @DisplayName("a pasted video frame or placeholder is left out, so the paste is not refused by the server")
    void pastedUnsupportedEmbedsAreLeftOut() {
        EditorPage ada = open("Ada", "paste");
        ada.caretAt(0);
        ada.page.evaluate("() => {"
                + " const data = new DataTransfer();"
                + " data.setData('text/html', '<p>before<iframe class=\"ql-video\" src=\"https://video.example/v\"></iframe>"
                + "<span class=\"ql-unsupported-embed\" data-type=\"bogus\">[bogus]</span>after</p>');"
                + " data.setData('text/plain', 'beforeafter');"
                + " window.__quire.quill.root.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));"
                + "}");
        ada.awaitSettled();
        try (WsTestClient probe = server.client("paste", "probe").connect().join()) {
            // The frame was a block, so Quill keeps the line break it made; the embeds themselves are gone.
            assertEquals(Delta.ofText("before\nafter\n"), probe.content());
            assertEquals(1, probe.version(), "the paste was one op, and it was accepted");
        }
        assertEquals(0, ada.page.locator(".toast-error").count(), "no edit was refused");
    }

    /** Waits until both pages are settled at the server's version and show its content, placeholders for embeds. */
    private JsonNode awaitConvergence(EditorPage... pages) {
        for (EditorPage page : pages) {
            page.awaitSettled();
        }
        try (WsTestClient probe = server.client("legacy", "probe-" + System.nanoTime()).connect().join()) {
            long version = probe.version();
            JsonNode truth = WsTestClient.JSON.valueToTree(probe.content());
            JsonNode shown = asShown(truth);
            for (EditorPage page : pages) {
                Await.until(() -> page.version() == version, Duration.ofSeconds(15),
                        () -> "page at version " + page.version() + ", server at " + version);
                assertEquals(shown, page.contents(), "the page shows the server's content");
            }
            return truth;
        }
    }

    /** The server's content as the editor shows it: each embed other than an image is a placeholder naming its type. */
    private static JsonNode asShown(JsonNode content) {
        ObjectNode shown = content.deepCopy();
        for (JsonNode op : (ArrayNode) shown.get("ops")) {
            JsonNode insert = op.get("insert");
            if (insert.isObject() && !insert.has("image")) {
                String type = insert.fieldNames().next();
                ((ObjectNode) op).set("insert", WsTestClient.JSON.createObjectNode().put(PLACEHOLDER, type));
            }
        }
        return shown;
    }
}
