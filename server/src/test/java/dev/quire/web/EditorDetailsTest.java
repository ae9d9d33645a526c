package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.quire.auth.AuthSettings;
import dev.quire.testkit.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The editor's smaller promises: keys, dialogs, focus, one avatar per person, truthful status, accessible names. */
@Tag("heavy")
class EditorDetailsTest extends BrowserTest {

    /** "same" when the page's DOM is what Quill renders for the document it holds; else both, to compare. */
    private static final String PAGE_SHOWS_DOCUMENT = "() => { const q = window.__quire.quill;"
            + " const scratch = document.createElement('div'); document.body.append(scratch);"
            + " const fresh = new q.constructor(scratch, {}); fresh.setContents(q.getContents());"
            + " const answer = fresh.root.innerHTML === q.root.innerHTML ? 'same'"
            + "   : 'page: ' + q.root.innerHTML + ' document: ' + fresh.root.innerHTML;"
            + " scratch.remove(); return answer; }";

    @Test
    @DisplayName("with Caps Lock on, Ctrl+I / Ctrl+B / Ctrl+U format through Quill: the page shows exactly the document")
    void capsLockShortcuts() {
        EditorPage ada = open("Ada", "caps");
        EditorPage grace = open("Grace", "caps");
        ada.page.evaluate("() => { const q = window.__quire.quill; q.setContents([{insert: 'Title'}, {insert: '\\n', attributes: {header: 1}},"
                + " {insert: 'shout quietly\\n'}], 'user'); q.focus(); q.setSelection(0, 5, 'user'); }");
        // Playwright sends "B" as a keyboard with Caps Lock does: key "B" without Shift. Left to Chromium, Ctrl+B in
        // a heading (bold already) wraps the text in style="font-weight: normal", which the document never hears of.
        ada.page.keyboard().press("Control+I");
        ada.page.keyboard().press("Control+B");
        ada.awaitSettled();
        assertEquals("same", ada.page.evaluate(PAGE_SHOWS_DOCUMENT));
        assertEquals("{\"bold\":true,\"italic\":true,\"header\":1}",
                ada.page.evaluate("() => JSON.stringify(window.__quire.quill.getFormat(0, 5), ['bold', 'italic', 'header'])"));

        ada.page.evaluate("() => window.__quire.quill.setSelection(6, 5, 'user')");
        ada.page.keyboard().press("Control+U");
        ada.page.keyboard().press("Control+B");
        ada.page.keyboard().press("Control+B");
        ada.awaitSettled();
        assertEquals("same", ada.page.evaluate(PAGE_SHOWS_DOCUMENT));
        grace.page.waitForFunction("() => { const f = window.__quire.quill.getFormat(6, 5); return f.underline === true && !f.bold; }");
        assertEquals(ada.contents(), grace.contents());
    }

    @Test
    @DisplayName("Enter in the name dialog saves the name")
    void nameDialogEnterSaves() {
        EditorPage ada = open("Ada", "names");
        ada.page.locator("#name").click();
        ada.page.locator("#name-input").fill("Ada Lovelace");
        ada.page.locator("#name-input").press("Enter");
        ada.page.waitForFunction("() => document.getElementById('name').textContent === 'Ada Lovelace'");
        assertEquals("Ada Lovelace", ada.page.evaluate("() => localStorage.getItem('quire.displayName')"));
    }

    @Test
    @DisplayName("a new document selects its title, so typing names it and Enter moves on to the text")
    void newDocumentInvitesItsName() {
        Page page = newUser("Ada").newPage();
        page.navigate("/");
        page.locator("#new-document").click();
        page.waitForURL(Pattern.compile(".*/d/[A-Za-z0-9_-]+$"));
        page.waitForFunction("() => document.activeElement?.id === 'title'"
                + " && document.activeElement.selectionStart === 0 && document.activeElement.selectionEnd === 8");
        page.keyboard().type("Plans");
        page.keyboard().press("Enter");
        page.waitForFunction("() => document.title === 'Plans — Quire'");
        page.keyboard().type("First words");
        page.waitForFunction("() => window.__quire.session.settled && window.__quire.quill.getText() === 'First words\\n'");
    }

    @Test
    @DisplayName("after a save the status says it once; the note beside it does not repeat it")
    void savedSaidOnce() {
        EditorPage ada = open("Ada", "saved-once");
        ada.caretAt(0);
        ada.type("words");
        ada.awaitSettled();
        ada.page.locator("#save").click();
        ada.page.waitForFunction("() => /^Saved · version \\d+$/.test(document.getElementById('status').textContent)");
        assertEquals("", ada.page.locator("#last-save").textContent());
        ada.caretAt(5);
        ada.type("!");
        ada.awaitStatus("All changes saved");
        assertTrue(ada.page.locator("#last-save").textContent().startsWith("Saved · v"), "the note keeps the last save once the status moves on");
    }

    @Test
    @DisplayName("one person in two tabs is one avatar; people whose colours clash are shown in distinct colours")
    void onePersonOneAvatarDistinctColours() {
        BrowserContext adasBrowser = newUser("Ada");
        BrowserContext gracesBrowser = newUser("Grace");
        // Both browsers remember the same colour: the page must still tell them apart.
        for (BrowserContext browser : List.of(adasBrowser, gracesBrowser)) {
            browser.addInitScript("localStorage.setItem('quire.color', '#e6194b')");
        }
        EditorPage ada = EditorPage.open(adasBrowser, "people");
        EditorPage adaAgain = EditorPage.open(adasBrowser, "people");
        EditorPage grace = EditorPage.open(gracesBrowser, "people");
        grace.page.waitForFunction("() => window.__quire.binding.users().length === 2");
        ada.page.waitForFunction("() => window.__quire.binding.users().length === 2");
        assertEquals(2, grace.page.locator("#people .avatar").count(), "Ada's two tabs are one avatar");
        assertEquals(2, ada.page.locator("#people .avatar").count(), "her other tab is Ada herself");
        assertTrue(ada.page.locator("#people .avatar").first().getAttribute("title").equals("Ada (you)"));

        String colours = "() => [...document.querySelectorAll('#people .avatar')].map(a => a.title.replace(' (you)', '') + '=' "
                + "+ a.style.getPropertyValue('--avatar').trim()).sort().join(',')";
        String seenByAda = (String) ada.page.evaluate(colours);
        assertEquals(seenByAda, grace.page.evaluate(colours), "everyone sees the same colours");
        assertEquals(seenByAda, adaAgain.page.evaluate(colours));
        String[] two = seenByAda.split(",");
        assertNotEquals(two[0].split("=")[1], two[1].split("=")[1], seenByAda);

        // Grace's cursor on Ada's page is drawn in Grace's avatar colour.
        grace.caretAt(0);
        grace.type("hi");
        ada.awaitRemoteCursor("Grace");
        String graceColour = seenByAda.substring(seenByAda.indexOf("Grace=") + 6);
        String flag = (String) ada.page.evaluate("() => [...document.querySelectorAll('.ql-cursor')]"
                + ".find(c => c.querySelector('.ql-cursor-name').textContent === 'Grace').querySelector('.ql-cursor-flag').style.backgroundColor");
        assertEquals(graceColour, rgbToHex(flag));
    }

    @Test
    @DisplayName("a viewer sees no formatting toolbar")
    void viewerHasNoToolbar() throws Exception {
        EditorPage owner = open("Ada", "viewer-toolbar");
        assertTrue(owner.page.locator(".ql-toolbar").isVisible());
        String link = shareLink("viewer-toolbar", "view");
        Page viewer = newUser("Grace").newPage();
        viewer.navigate(link);
        viewer.locator("#view-only").waitFor();
        viewer.waitForFunction("() => window.__quire.session.joined");
        assertFalse(viewer.locator(".ql-toolbar").isVisible(), "no toolbar that does nothing");
    }

    @Test
    @DisplayName("a revoked link says to ask for a new one, not to reload")
    void revokedLinkSaysWhatToDo() throws Exception {
        open("Ada", "revoked");
        String link = shareLink("revoked", "edit");
        Page guest = newUser("Bob").newPage();
        guest.navigate(link);
        guest.waitForFunction("() => window.__quire?.session.joined");
        HttpClient http = HttpClient.newHttpClient();
        JsonNode links = EditorPage.parse(http.send(HttpRequest.newBuilder(server.baseUri().resolve("/api/documents/revoked/share-links"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode each : links.get("links")) {
            HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(server.baseUri().resolve(
                    "/api/documents/revoked/share-links/" + each.get("id").asText())).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, deleted.statusCode(), deleted.body());
        }
        guest.waitForFunction("() => document.getElementById('status').dataset.tone === 'error'");
        String status = guest.locator("#status").textContent();
        assertEquals("Link revoked — ask the owner for a new link", status);
    }

    @Test
    @DisplayName("with auth on and no credential, the status says how to get access, not to reload")
    void noCredentialSaysWhatToDo() {
        String admin = "browser-test-admin-secret-0123456789abc";
        try (TestServer secured = TestServer.withAuth(AuthSettings.defaults().withAdminToken(admin))) {
            BrowserContext context = chromium.newUser(secured.baseUri(), "Eve");
            try {
                Page stranger = context.newPage();
                stranger.navigate("/d/private");
                stranger.waitForFunction("() => document.getElementById('status')?.dataset.tone === 'error'");
                assertEquals("No access — open this with a share link or token", stranger.locator("#status").textContent());
            } finally {
                context.close();
            }
        }
    }

    @Test
    @DisplayName("accessibility: named editor and controls, visible focus, an announced status")
    void accessibilityBasics() {
        EditorPage ada = open("Ada", "a11y");
        Locator text = ada.page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Document text"));
        assertEquals(1, text.count(), "the editor is a named textbox");
        assertEquals("true", text.getAttribute("aria-multiline"));
        for (String name : List.of("Save", "History", "Share", "Bold", "Italic", "Underline", "Strikethrough", "Numbered list",
                "Bulleted list", "Link", "Quote", "Code block", "Clear formatting", "Text style")) {
            assertEquals(1, ada.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true)).count(), name);
        }
        @SuppressWarnings("unchecked")
        List<String> unnamed = (List<String>) ada.page.evaluate("() => [...document.querySelectorAll('button, [role=button], input')]"
                + ".filter(e => e.offsetParent && !(e.getAttribute('aria-label') || e.textContent.trim() || e.labels?.length))"
                + ".map(e => e.outerHTML.slice(0, 80))");
        assertEquals(List.of(), unnamed, "every visible control has a name");

        // Focus by keyboard is visible: Tab from the style picker lands on Bold, which shows the focus ring.
        ada.page.locator(".ql-toolbar .ql-header .ql-picker-label").focus();
        ada.page.keyboard().press("Tab");
        assertEquals("Bold", ada.page.evaluate("() => document.activeElement.getAttribute('aria-label')"));
        assertNotEquals("none", ada.page.evaluate("() => getComputedStyle(document.activeElement).boxShadow"));
        text.focus();
        assertEquals("rgb(59, 91, 219)", ada.page.evaluate("() => getComputedStyle(document.querySelector('.ql-container')).borderLeftColor"),
                "the text area's frame shows it has the focus");

        assertEquals("polite", ada.page.locator("#status").getAttribute("aria-live"));
        assertEquals("status", ada.page.locator("#status").getAttribute("role"));
    }

    /** A share link made through the REST API; its path carries the secret ({@code /d/{id}#token=qs_…}). */
    private String shareLink(String documentId, String role) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.baseUri().resolve("/api/documents/" + documentId + "/share-links"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        return EditorPage.parse(created.body()).get("path").asText();
    }

    private static String rgbToHex(String rgb) {
        String[] parts = rgb.replaceAll("[^0-9,]", "").split(",");
        return String.format("#%02x%02x%02x", Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }
}
