package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A rename in one editor reaches the others live, without overwriting a title someone is typing. */
@Tag("heavy")
class TitleSyncTest extends BrowserTest {
    @Test
    @DisplayName("renaming in one editor changes the title in the other, but not over a title being typed")
    void renameReachesTheOtherEditor() {
        EditorPage ada = open("Ada", "titled");
        EditorPage grace = open("Grace", "titled");

        ada.page.locator("#title").fill("Plans");
        ada.page.locator("#title").press("Enter");
        grace.page.waitForFunction("() => document.getElementById('title').value === 'Plans'"
                + " && document.title === 'Plans — Quire'");

        // Grace is typing a title of her own when Ada renames again: her text stays, Escape goes to Ada's.
        grace.page.locator("#title").fill("Grace's draft");
        ada.page.locator("#title").fill("Plans v2");
        ada.page.locator("#title").press("Enter");
        grace.page.waitForFunction("() => document.title === 'Plans v2 — Quire'");
        assertEquals("Grace's draft", grace.page.locator("#title").inputValue());
        grace.page.locator("#title").press("Escape");
        assertEquals("Plans v2", grace.page.locator("#title").inputValue());
    }
}
