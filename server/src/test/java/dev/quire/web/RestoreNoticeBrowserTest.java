package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A restore is not silent: the others are told who restored what, and find the text it replaced in history. */
@Tag("heavy")
class RestoreNoticeBrowserTest extends BrowserTest {

    @Test
    @DisplayName("Ada restores version 1: Grace is told so, history says Restored by Ada, and Grace's text is in the version before")
    void othersAreToldAndFindTheirText() {
        EditorPage ada = open("Ada", "restored");
        EditorPage grace = open("Grace", "restored");
        ada.caretAt(0);
        ada.type("first");
        ada.awaitSettled();
        ada.page.keyboard().press("Control+S");
        ada.page.waitForFunction("() => /^Saved · version 1$/.test(document.getElementById('status').textContent)");
        grace.page.waitForFunction("() => window.__quire.quill.getText() === 'first\\n'");
        grace.caretAt(5);
        grace.type(", and Grace's paragraph");
        grace.awaitSettled();
        ada.page.waitForFunction("() => window.__quire.quill.getText() === \"first, and Grace's paragraph\\n\"");

        ada.page.locator("#history-toggle").click();
        ada.page.locator("#history-list .history-item[data-number='1']").click();
        ada.page.locator("#history-preview .ql-editor").filter(new Locator.FilterOptions().setHasText("first")).waitFor();
        ada.page.locator("#history-restore").click();
        ada.page.locator("#confirm-restore").click();

        grace.page.locator("#toasts .toast", new Page.LocatorOptions()
                .setHasText("Ada restored version 1. What was there before is in History.")).waitFor();
        grace.page.waitForFunction("() => window.__quire.quill.getText() === 'first\\n'");

        grace.page.locator("#history-toggle").click();
        Locator items = grace.page.locator("#history-list .history-item");
        items.filter(new Locator.FilterOptions().setHasText("Restored by Ada")).waitFor();
        assertTrue(items.first().textContent().contains("Restored by Ada"), items.first().textContent());
        assertTrue(items.first().textContent().contains("Restored version 1"), items.first().textContent());
        items.nth(1).click();
        Locator preview = grace.page.locator("#history-preview .ql-editor");
        preview.filter(new Locator.FilterOptions().setHasText("Grace's paragraph")).waitFor();
        assertEquals("first, and Grace's paragraph", preview.textContent().strip());
    }
}
