package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The editor's layout at phone, tablet and desktop widths: the toolbar stays reachable, the header stays calm. */
@Tag("heavy")
class EditorLayoutTest extends BrowserTest {

    /** Bold's own centre answers with Bold (or its icon), not with whatever covers it. */
    private static final String BOLD_IS_ON_TOP = "() => { const b = document.querySelector('.ql-toolbar button.ql-bold');"
            + " const r = b.getBoundingClientRect();"
            + " const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
            + " return r.bottom > 0 && r.top < innerHeight && b.contains(hit) ? 'ok' : (hit ? hit.outerHTML.slice(0, 120) : 'nothing'); }";

    /** Every visible child of the header shares one row: each starts above where the shortest one ends. */
    private static final String HEADER_ROWS = "() => { const kids = [...document.querySelector('.editor-bar').children]"
            + ".map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);"
            + " const bottom = Math.min(...kids.map(r => r.bottom));"
            + " return kids.some(r => r.top >= bottom) ? 2 : 1; }";

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {375, 768, 1024, 1100, 1280})
    @DisplayName("after an API save and scrolling a long document, Bold is the element at its own centre")
    void toolbarStaysReachable(int width) throws Exception {
        EditorPage ada = open("Ada Lovelace", "layout-" + width);
        ada.page.setViewportSize(width, 800);
        replaceContent("layout-" + width, "A line of the long document.\n".repeat(300));
        // The API's save shows in the note beside the status ("Saved through the API · v1 · 07:06 PM"): the widest header.
        ada.page.waitForFunction("() => document.getElementById('last-save').textContent.startsWith('Saved through the API')");
        ada.page.waitForFunction("() => window.__quire.quill.getLength() > 5000");
        ada.page.evaluate("() => window.scrollTo(0, document.body.scrollHeight / 2)");
        ada.page.waitForFunction("() => window.scrollY > 1000");
        assertEquals("ok", ada.page.evaluate(BOLD_IS_ON_TOP), "Bold is covered at " + width + " px");

        ada.caretAt(ada.text().length() - 1);
        ada.type("end");
        ada.page.evaluate("() => window.__quire.quill.setSelection(window.__quire.quill.getLength() - 4, 3, 'user')");
        ada.page.evaluate("() => { const r = document.querySelector('.ql-toolbar button.ql-bold').getBoundingClientRect();"
                + " window.__boldAt = [r.left + r.width / 2, r.top + r.height / 2]; }");
        ada.page.mouse().click(((Number) ada.page.evaluate("() => window.__boldAt[0]")).doubleValue(),
                ((Number) ada.page.evaluate("() => window.__boldAt[1]")).doubleValue());
        ada.page.waitForFunction("() => { const q = window.__quire.quill; return q.getFormat(q.getLength() - 4, 3).bold === true; }");
        ada.awaitSettled();
        assertEquals(true, ada.page.evaluate("() => document.documentElement.scrollWidth <= innerWidth"), "no sideways scrolling at " + width + " px");
        if (width >= 1280) {
            assertEquals(1, ((Number) ada.page.evaluate(HEADER_ROWS)).intValue(), "the header is one row at " + width + " px");
        }
        if (width == 375) {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            ada.page.evaluate("() => window.scrollTo(0, 0)");
            ada.page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("editor-phone-375.png")));
        }
    }

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {375, 1280})
    @DisplayName("the placeholder starts where typed text starts")
    void placeholderAlignedWithText(int width) {
        EditorPage ada = open("Ada", "placeholder-" + width);
        ada.page.setViewportSize(width, 800);
        ada.page.waitForFunction("() => window.__quire.quill.root.classList.contains('ql-blank')");
        Object placeholderLeft = ada.page.evaluate("() => getComputedStyle(window.__quire.quill.root, '::before').left");
        Object textLeft = ada.page.evaluate("() => getComputedStyle(window.__quire.quill.root).paddingLeft");
        assertEquals(textLeft, placeholderLeft);
        assertTrue(((String) textLeft).endsWith("px"), String.valueOf(textLeft));
    }

    private void replaceContent(String id, String text) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.baseUri().resolve(URI.create("/api/documents/" + id + "/content")))
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(text)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
