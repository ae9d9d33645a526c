package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With auth on (QUIRE_ADMIN_TOKEN set): people reach their documents through the sign-in page and share links. */
@ExtendWith(SharedChromium.class)
@Tag("heavy")
class SignInBrowserTest {
    private static Chromium chromium;
    private SecuredServer server;
    private BrowserContext context;

    @BeforeAll
    static void browser(Chromium shared) {
        chromium = shared;
    }

    @BeforeEach
    void start() {
        server = new SecuredServer();
        context = chromium.newUser(server.baseUri(), "Ada");
    }

    @AfterEach
    void stop() {
        context.close();
        server.close();
    }

    private static String stored(Page page, String storage, String key) {
        return (String) page.evaluate("([s, k]) => window[s].getItem(k)", new Object[] {storage, key});
    }

    @Test
    @DisplayName("open / → sign-in page; a wrong token is refused with a reason; the right one → list → document → edit; sign out")
    void signIn_list_open_edit_signOut() {
        String id = server.createDocument("Plan", "Agenda\n");
        String token = server.apiToken("ada");
        Page page = context.newPage();
        page.navigate("/");

        Locator input = page.locator("#sign-in-token");
        input.waitFor();
        input.fill("qt_not-a-token-this-server-ever-made-0000000000");
        page.locator("#sign-in-submit").click();
        Locator error = page.locator("#sign-in-error");
        error.waitFor();
        assertTrue(error.textContent().contains("does not know that token"), error.textContent());
        assertEquals("true", input.getAttribute("aria-invalid"));
        assertNull(stored(page, "sessionStorage", "quire.token"), "a refused token is not kept");

        input.fill(token);
        page.locator("#sign-in-submit").click();
        Locator document = page.locator("a.doc-title", new Page.LocatorOptions().setHasText("Plan"));
        document.waitFor();
        assertEquals(token, stored(page, "sessionStorage", "quire.token"), "kept in this tab's sessionStorage");
        assertFalse(page.url().contains(token), "never in the address: " + page.url());

        document.click();
        page.waitForFunction("() => window.__quire?.session.joined");
        page.locator(".ql-editor[contenteditable=true]").waitFor();
        page.evaluate("() => { const q = window.__quire.quill; q.focus(); q.setSelection(0, 0, 'user'); }");
        page.keyboard().type("Signed in: ");
        page.waitForFunction("() => window.__quire.session.settled");
        assertEquals("Signed in: Agenda\n", server.text(id));
        assertFalse(page.url().contains(token), "never in the address: " + page.url());

        page.navigate("/");
        page.locator("#sign-out").click();
        page.locator("#sign-in-token").waitFor();
        assertNull(stored(page, "sessionStorage", "quire.token"), "signed out: the token is forgotten");
    }

    @Test
    @DisplayName("a document opened without a credential offers the sign-in page and comes back to the document")
    void documentWithoutCredential_signIn_comesBack() {
        String id = server.createDocument("Minutes", "Minutes\n");
        Page page = context.newPage();
        page.navigate("/d/" + id);
        page.locator("#banner-sign-in").click();
        page.locator("#sign-in-token").fill(SecuredServer.ADMIN_TOKEN);
        page.locator("#sign-in-submit").click();
        page.waitForFunction("() => window.__quire?.session.joined");
        assertTrue(page.url().endsWith("/d/" + id), page.url());
        assertEquals("Minutes\n", page.evaluate("() => window.__quire.quill.getText()"));
    }

    @Test
    @DisplayName("a page opened from a share link still works bookmarked (a new tab) and reloaded, until the link is revoked")
    void shareLink_bookmarkAndReload_workUntilRevoked() {
        String id = server.createDocument("Shared", "Shared text\n");
        JsonNode link = server.shareLink(id, "view");
        Page first = context.newPage();
        first.navigate(link.get("path").asText());
        first.waitForFunction("() => window.__quire?.session.joined");
        assertFalse(first.url().contains("token"), "the secret is stripped from the address bar: " + first.url());

        first.reload();
        first.waitForFunction("() => window.__quire?.session.joined");

        Page bookmark = context.newPage(); // a new tab: a sessionStorage of its own, as a bookmark opened later
        bookmark.navigate("/d/" + id);
        bookmark.waitForFunction("() => window.__quire?.session.joined");
        bookmark.locator("#view-only").waitFor();
        assertEquals("Shared text\n", bookmark.evaluate("() => window.__quire.quill.getText()"));

        server.revokeShareLink(id, link.get("id").asText());
        Page afterRevoke = context.newPage();
        afterRevoke.navigate("/d/" + id);
        afterRevoke.locator("#banner", new Page.LocatorOptions().setHasText("needs a share link")).waitFor();
        assertNull(stored(afterRevoke, "localStorage", "quire.link." + id), "a revoked link is forgotten");
    }
}
