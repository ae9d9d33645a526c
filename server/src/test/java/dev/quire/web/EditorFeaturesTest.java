package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The editor page's own behaviour: image refusal, unload warning, toolbar, share link, screenshots. */
@Tag("heavy")
class EditorFeaturesTest extends BrowserTest {
    @Test
    @DisplayName("a pasted base64 image is refused with a message and never enters the document")
    void pastedImageRefused() {
        EditorPage ada = open("Ada", "images");
        ada.caretAt(0);
        ada.page.evaluate("() => {"
                + " const data = new DataTransfer();"
                + " data.setData('text/html', '<p>before<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\">after</p>');"
                + " data.setData('text/plain', 'beforeafter');"
                + " window.__quire.quill.root.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));"
                + "}");
        ada.page.getByText("Images can’t be added yet").waitFor();
        ada.awaitSettled();
        String contents = ada.contents().toString();
        assertFalse(contents.contains("image"), contents);
        assertTrue(ada.text().contains("beforeafter"), "the text around it was pasted");
    }

    @Test
    @DisplayName("leaving with unacknowledged edits asks first; with everything saved it does not")
    void unloadWarnsOnlyWhenUnsaved() {
        EditorPage ada = open("Ada", "unload");
        String askIfLeaving = "() => { const e = new Event('beforeunload', {cancelable: true});"
                + " window.dispatchEvent(e); return e.defaultPrevented; }";
        assertEquals(false, ada.page.evaluate(askIfLeaving));
        ada.context.setOffline(true);
        ada.awaitStatus("Offline — reconnecting…");
        ada.caretAt(0);
        ada.type("unsent");
        ada.awaitStatus("Offline — changes kept");
        assertEquals(true, ada.page.evaluate(askIfLeaving));
        ada.context.setOffline(false);
        ada.awaitStatus("All changes saved");
        assertEquals(false, ada.page.evaluate(askIfLeaving));
    }

    @Test
    @DisplayName("the toolbar is reachable and usable from the keyboard")
    void toolbarByKeyboard() {
        EditorPage ada = open("Ada", "keys");
        ada.caretAt(0);
        ada.type("shout");
        ada.page.evaluate("() => window.__quire.quill.setSelection(0, 5, 'user')");
        var bold = ada.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Bold"));
        bold.focus();
        ada.page.keyboard().press("Enter");
        ada.page.waitForFunction("() => window.__quire.quill.getFormat(0, 5).bold === true");
        assertEquals("true", bold.getAttribute("aria-pressed"));
        ada.awaitSettled();
    }

    @Test
    @DisplayName("share copies a new edit link to the document; the name shows in who-is-here")
    void shareAndPresence() {
        EditorPage ada = open("Ada Lovelace", "share");
        ada.context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
        ada.page.locator("#share").click();
        ada.page.locator("#share-edit").click();
        ada.page.getByText("Link copied").waitFor();
        String copied = (String) ada.page.evaluate("() => navigator.clipboard.readText()");
        assertTrue(copied.startsWith(server.baseUri().resolve("/d/share").toString() + "#token=qs_"), copied);
        ada.page.evaluate("() => document.getElementById('share-dialog').close()");
        assertEquals("AL", ada.page.locator("#people .avatar span[aria-hidden]").first().textContent());
        EditorPage grace = open("Grace", "share");
        ada.page.locator("#people .avatar").nth(1).waitFor();
        assertEquals("GR", ada.page.locator("#people .avatar span[aria-hidden]").nth(1).textContent());
        grace.page.close();
        ada.page.waitForFunction("() => document.querySelectorAll('#people .avatar').length === 1");
    }

    @Test
    @DisplayName("two people's cursors, wide and phone-width (screenshots in target/screenshots)")
    void screenshots() throws Exception {
        EditorPage ada = open("Ada", "tour");
        EditorPage grace = open("Grace", "tour");
        ada.page.evaluate("() => window.__quire.quill.setContents([{insert: 'Quire'}, {insert: '\\n', attributes: {header: 1}},"
                + " {insert: 'Write together, in real time. '}, {insert: 'Every keystroke', attributes: {bold: true}},"
                + " {insert: ' is merged with everyone else’s, and nothing typed offline is lost.\\n'},"
                + " {insert: 'Headings, lists and links'}, {insert: '\\n', attributes: {list: 'bullet'}},"
                + " {insert: 'Cursors with names'}, {insert: '\\n', attributes: {list: 'bullet'}}], 'user')");
        ada.awaitSettled();
        grace.page.waitForFunction("() => window.__quire.quill.getText().startsWith('Quire')");
        grace.page.evaluate("() => { const q = window.__quire.quill; q.focus(); q.setSelection(37, 15, 'user'); }");
        ada.caretAt(20);
        grace.awaitRemoteCursor("Ada");
        ada.awaitRemoteCursor("Grace");
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        grace.page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("editor-two-cursors.png")));
        grace.page.setViewportSize(390, 760);
        grace.page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("editor-phone.png")));
        assertTrue(grace.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth").equals(true),
                "no horizontal scrolling at phone width");
    }
}
