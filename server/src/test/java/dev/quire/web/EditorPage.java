package dev.quire.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;

/**
 * The editor page of one user, with the few questions the tests ask of it. Waits are Playwright's
 * auto-waiting or {@code waitForFunction} on the page's own state ({@code window.__quire}); no sleeps.
 */
final class EditorPage {
    private static final ObjectMapper JSON = new ObjectMapper();

    final BrowserContext context;
    final Page page;

    private EditorPage(BrowserContext context, Page page) {
        this.context = context;
        this.page = page;
    }

    /** Opens /d/{id} and waits until the document is loaded and editable. */
    static EditorPage open(BrowserContext context, String documentId) {
        Page page = context.newPage();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                System.err.println("[browser " + page.url() + "] " + m.text());
            }
        });
        page.onPageError(e -> System.err.println("[browser " + page.url() + "] uncaught: " + e));
        page.navigate("/d/" + documentId);
        EditorPage editor = new EditorPage(context, page);
        editor.awaitStatus("All changes saved");
        page.locator(".ql-editor[contenteditable=true]").waitFor();
        return editor;
    }

    void awaitStatus(String text) {
        page.waitForFunction("t => document.getElementById('status')?.textContent === t", text);
    }

    String status() {
        return page.locator("#status").textContent();
    }

    /** Puts the caret at {@code index} (as the user would by clicking) and focuses the editor. */
    void caretAt(int index) {
        page.evaluate("i => { const q = window.__quire.quill; q.focus(); q.setSelection(i, 0, 'user'); }", index);
    }

    void type(String text) {
        page.keyboard().type(text);
    }

    /** The editor's content as quill-delta JSON. */
    JsonNode contents() {
        return parse((String) page.evaluate("() => JSON.stringify(window.__quire.quill.getContents())"));
    }

    String text() {
        return (String) page.evaluate("() => window.__quire.quill.getText()");
    }

    /** Waits until every local edit is acknowledged and the connection is up. */
    void awaitSettled() {
        page.waitForFunction("() => window.__quire.session.settled && window.__quire.session.joined");
    }

    long version() {
        return ((Number) page.evaluate("() => window.__quire.session.state.version")).longValue();
    }

    void awaitRemoteCursor(String name) {
        page.locator(".ql-cursor .ql-cursor-name", new Page.LocatorOptions().setHasText(name))
                .waitFor(new com.microsoft.playwright.Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
    }

    /** {@code s} as a JSON string literal. */
    static String jsonString(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
