package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.quire.auth.AuthSettings;
import dev.quire.testkit.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Share links in the browser: made with the Share button, opened by someone else, read-only for viewers. */
@Tag("heavy")
class ShareLinksBrowserTest extends BrowserTest {

    /** Makes a link with the editor's Share dialog and returns it as the dialog shows it. */
    private static String shareLink(EditorPage owner, String role) {
        owner.page.click("#share");
        owner.page.click(role.equals("view") ? "#share-view" : "#share-edit");
        owner.page.waitForFunction("() => document.getElementById('share-link')?.value.includes('#token=')");
        String link = (String) owner.page.evaluate("() => document.getElementById('share-link').value");
        owner.page.evaluate("() => document.getElementById('share-dialog').close()");
        return link;
    }

    private Page openLink(String name, String link) {
        BrowserContext context = chromium.newUser(server.baseUri(), name);
        Page page = context.newPage();
        page.navigate(link);
        page.waitForFunction("() => window.__quire?.session.joined");
        return page;
    }

    @Test
    void viewLink_opensAReadOnlyEditorThatFollowsEdits() {
        EditorPage owner = open("Ada", "shared-view");
        owner.caretAt(0);
        owner.type("Hello");
        owner.awaitSettled();
        String link = shareLink(owner, "view");

        Page viewer = openLink("Grace", link);
        viewer.locator("#view-only").waitFor();
        assertTrue(viewer.locator("#view-only").isVisible(), "a visible View only badge");
        assertFalse(viewer.locator("#save").isVisible(), "no Save button for a viewer");
        assertEquals("false", viewer.locator(".ql-editor").getAttribute("contenteditable"), "Quill is disabled");
        assertFalse(viewer.url().contains("token"), "the secret is stripped from the address bar: " + viewer.url());
        viewer.waitForFunction("() => window.__quire.quill.getText() === 'Hello\\n'");

        owner.caretAt(5);
        owner.type(" world");
        viewer.waitForFunction("() => window.__quire.quill.getText() === 'Hello world\\n'");

        viewer.locator(".ql-editor").click(new com.microsoft.playwright.Locator.ClickOptions().setForce(true));
        viewer.keyboard().type("vandal");
        owner.awaitSettled();
        assertEquals("Hello world\n", owner.text(), "typing in a view-only editor changes nothing");
        assertEquals(0L, ((Number) viewer.evaluate("() => window.__quire.session.pending().ops.length")).longValue());

        // History: a viewer may look at saved versions, but gets no Restore button.
        owner.page.locator("#save").click();
        owner.page.locator("#status").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Saved"))
                .waitFor();
        viewer.locator("#history-toggle").click();
        viewer.locator("#history-list .history-item").first().click();
        viewer.locator("#history-preview .ql-editor").filter(new com.microsoft.playwright.Locator.FilterOptions()
                .setHasText("Hello world")).waitFor();
        assertFalse(viewer.locator("#history-restore").isVisible(), "no Restore for a viewer");
    }

    @Test
    void serverWithAuth_withoutALink_saysWhy_andWithAViewLink_isReadOnly() throws Exception {
        String admin = "browser-test-admin-secret-0123456789abc";
        try (TestServer secured = TestServer.withAuth(AuthSettings.defaults().withAdminToken(admin))) {
            // A view link cannot create a document by opening it: the owner makes it first.
            HttpResponse<String> document = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            secured.baseUri().resolve("/api/documents"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Private notes\\n\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, document.statusCode(), document.body());
            String id = EditorPage.parse(document.body()).get("id").asText();
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            secured.baseUri().resolve("/api/documents/" + id + "/share-links"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"view\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            String path = EditorPage.parse(created.body()).get("path").asText();

            BrowserContext context = chromium.newUser(secured.baseUri(), "Eve");
            Page stranger = context.newPage();
            stranger.navigate("/d/" + id);
            stranger.locator("#banner", new Page.LocatorOptions().setHasText("needs a share link")).waitFor();
            assertEquals("false", stranger.locator(".ql-editor").getAttribute("contenteditable"));

            Page viewer = context.newPage();
            viewer.navigate(path);
            viewer.waitForFunction("() => window.__quire?.session.joined");
            viewer.locator("#view-only").waitFor();
            assertFalse(viewer.locator("#save").isVisible());
            context.close();
        }
    }

    @Test
    void editLink_letsTheRecipientEdit() {
        EditorPage owner = open("Ada", "shared-edit");
        String link = shareLink(owner, "edit");
        Page guest = openLink("Bob", link);
        guest.locator(".ql-editor[contenteditable=true]").waitFor();
        assertFalse(guest.locator("#view-only").isVisible());
        guest.locator("#share").waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                .setState(com.microsoft.playwright.options.WaitForSelectorState.HIDDEN));
        assertFalse(guest.locator("#share").isVisible(), "a link's holder cannot make links: no Share button");
        guest.evaluate("() => { const q = window.__quire.quill; q.focus(); q.setSelection(0, 0, 'user'); }");
        guest.keyboard().type("from Bob");
        owner.page.waitForFunction("() => window.__quire.quill.getText() === 'from Bob\\n'");
    }
}
