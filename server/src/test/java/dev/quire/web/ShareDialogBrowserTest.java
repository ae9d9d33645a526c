package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Share dialog: which kind of link it shows, the links that work now, revoking one; the open server's warning. */
@Tag("heavy")
class ShareDialogBrowserTest extends BrowserTest {

    private static String make(EditorPage owner, String role) {
        owner.page.click(role.equals("view") ? "#share-view" : "#share-edit");
        owner.page.waitForFunction("r => document.getElementById('share-link')?.dataset.role === r"
                + " && document.getElementById('share-link').value.includes('#token=')", role);
        return (String) owner.page.evaluate("() => document.getElementById('share-link').value");
    }

    @Test
    @DisplayName("the dialog names the link's kind, lists the links and revokes one: its holder is shut out at once")
    void listAndRevoke() {
        EditorPage owner = open("Ada", "links");
        owner.page.click("#share");
        Locator rows = owner.page.locator("#share-links .share-link-row");
        owner.page.locator("#share-links-message", new Page.LocatorOptions().setHasText("No links yet")).waitFor();

        make(owner, "view");
        assertTrue(owner.page.locator("#share-link-kind").textContent().startsWith("View link"),
                owner.page.locator("#share-link-kind").textContent());
        String editLink = make(owner, "edit");
        assertTrue(owner.page.locator("#share-link-kind").textContent().startsWith("Edit link"),
                owner.page.locator("#share-link-kind").textContent());
        owner.page.waitForFunction("() => document.querySelectorAll('#share-links .share-link-row').length === 2");
        assertEquals("edit", rows.first().getAttribute("data-role"), "newest first");

        Page guest = newUser("Bob").newPage();
        guest.navigate(editLink);
        guest.waitForFunction("() => window.__quire?.session.joined");

        owner.page.locator("#share-links .share-link-row[data-role=edit] button").click();
        owner.page.waitForFunction("() => document.querySelectorAll('#share-links .share-link-row').length === 1");
        assertEquals("view", rows.first().getAttribute("data-role"));
        guest.locator("#banner", new Page.LocatorOptions().setHasText("was revoked")).waitFor();

        Page later = newUser("Bob again").newPage();
        later.navigate(editLink);
        later.locator("#banner", new Page.LocatorOptions().setHasText("needs a share link")).waitFor();
    }

    @Test
    @DisplayName("on an open server the dialog says plainly that a view link keeps no one out")
    void openServerWarning() {
        EditorPage owner = open("Ada", "open");
        owner.page.click("#share");
        Locator warning = owner.page.locator("#share-open-warning");
        warning.waitFor();
        assertTrue(warning.textContent().contains("anyone who can reach it can read and edit every document"),
                warning.textContent());
    }
}
