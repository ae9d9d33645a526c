package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Save (button, Ctrl+S) and the history panel: list, read-only preview, restore seen by everyone. */
@Tag("heavy")
class SaveAndHistoryTest extends BrowserTest {
    private static final Pattern SAVED = Pattern.compile("Saved · version (\\d+)");

    @Test
    @DisplayName("Ctrl+S shows Saved to the saver and Saved by … to the others; history lists it; restore brings its text back everywhere")
    void saveListPreviewRestore() {
        EditorPage ada = open("Ada", "saves");
        EditorPage grace = open("Grace", "saves");
        ada.caretAt(0);
        ada.type("first draft");
        ada.awaitSettled();

        ada.page.keyboard().press("Control+S");
        ada.page.waitForFunction("() => /^Saved · version \\d+$/.test(document.getElementById('status').textContent)");
        Matcher saved = SAVED.matcher(ada.status());
        assertTrue(saved.matches(), ada.status());
        String number = saved.group(1);
        grace.awaitStatus("Saved by Ada · version " + number);

        ada.type(", then a rewrite");
        ada.awaitStatus("All changes saved");
        grace.page.waitForFunction("() => window.__quire.quill.getText() === 'first draft, then a rewrite\\n'");
        grace.awaitStatus("All changes saved");

        Page page = ada.page;
        page.locator("#history-toggle").click();
        Locator item = page.locator("#history-list .history-item[data-number='" + number + "']");
        item.waitFor();
        assertTrue(item.textContent().contains("Version " + number), item.textContent());
        item.press("Enter"); // keyboard: the items are buttons
        Locator preview = page.locator("#history-preview .ql-editor");
        preview.filter(new Locator.FilterOptions().setHasText("first draft")).waitFor();
        assertEquals("false", preview.getAttribute("contenteditable"), "the preview is read-only");
        assertEquals("first draft", preview.textContent().strip());

        page.locator("#history-restore").click();
        page.locator("#confirm-restore").click();
        ada.page.waitForFunction("() => window.__quire.quill.getText() === 'first draft\\n'");
        grace.page.waitForFunction("() => window.__quire.quill.getText() === 'first draft\\n'");
        ada.awaitSettled();
        grace.awaitSettled();
        assertEquals(ada.contents(), grace.contents());
    }

    @Test
    @DisplayName("the Save button saves too, and Escape closes the history panel back to its button")
    void saveButtonAndPanelKeyboard() {
        EditorPage ada = open("Ada", "button");
        ada.caretAt(0);
        ada.type("hello");
        ada.awaitSettled();
        ada.page.locator("#save").click();
        ada.page.waitForFunction("() => /^Saved · version \\d+$/.test(document.getElementById('status').textContent)");
        ada.page.locator("#history-toggle").click();
        ada.page.locator("#history-list .history-item").first().waitFor();
        assertEquals("true", ada.page.locator("#history-toggle").getAttribute("aria-expanded"));
        ada.page.keyboard().press("Escape");
        ada.page.locator("#history").waitFor(new Locator.WaitForOptions()
                .setState(com.microsoft.playwright.options.WaitForSelectorState.HIDDEN));
        assertEquals("history-toggle", ada.page.evaluate("() => document.activeElement.id"));
    }

    @Test
    @DisplayName("on a phone-width screen the history panel fits the screen and its restore button is reachable")
    void narrowScreen() {
        EditorPage ada = open("Ada", "narrow");
        ada.page.setViewportSize(390, 760);
        ada.caretAt(0);
        ada.type("small");
        ada.awaitSettled();
        ada.page.locator("#save").click();
        ada.page.waitForFunction("() => /^Saved · version \\d+$/.test(document.getElementById('status').textContent)");
        ada.page.locator("#history-toggle").click();
        ada.page.locator("#history-list .history-item").first().click();
        ada.page.locator("#history-preview .ql-editor").filter(new Locator.FilterOptions().setHasText("small")).waitFor();
        var panel = ada.page.locator("#history").boundingBox();
        assertTrue(panel.x >= 0 && panel.x + panel.width <= 390.5, () -> "panel within the screen: " + panel.x + "+" + panel.width);
        Locator restore = ada.page.locator("#history-restore");
        restore.scrollIntoViewIfNeeded();
        assertTrue(restore.isVisible());
        var box = restore.boundingBox();
        assertTrue(box.x + box.width <= 390.5 && box.y + box.height <= 760.5, () -> "restore button on screen: " + box.x + "," + box.y);
    }
}
