package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.testkit.Await;
import dev.quire.testkit.WsTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Several people in Chromium editing one document on the real server. */
@Tag("heavy")
class CollaborativeEditingTest extends BrowserTest {
    @Test
    @DisplayName("three people typing, formatting and deleting at the same spot end identical to each other and to the server")
    void concurrentEditsConverge() {
        EditorPage ada = open("Ada", "race");
        EditorPage grace = open("Grace", "race");
        EditorPage linus = open("Linus", "race");
        ada.caretAt(0);
        grace.caretAt(0);
        linus.caretAt(0);
        // No waiting between pages: every round's keystrokes cross on the wire.
        for (int round = 0; round < 6; round++) {
            ada.type("a" + round);
            grace.type("g" + round);
            linus.type("l" + round);
        }
        ada.page.evaluate("() => window.__quire.quill.setSelection(0, 4, 'user')");
        ada.page.keyboard().press("Control+B");
        grace.page.evaluate("() => window.__quire.quill.setSelection(2, 5, 'user')");
        grace.page.keyboard().press("Backspace");
        linus.type("\nline two");
        // Collapse Ada's bold selection first: typing over a selection replaces it, and by then it may cover
        // Linus's new line — a real user's choice, but one that would make the assertion below depend on timing.
        ada.caretAt(0);
        ada.type("A");

        awaitConvergence("race", ada, grace, linus);
        // Which of the early tokens Grace's delete took depends on timing; the last edits must all be there.
        String text = ada.text();
        assertTrue(text.contains("line two") && text.contains("A"), () -> "the last edits survived: " + text);

        // Formatting on top of the converged text reaches everyone.
        linus.page.evaluate("() => window.__quire.quill.setSelection(0, 3, 'user')");
        linus.page.keyboard().press("Control+I");
        JsonNode server = awaitConvergence("race", ada, grace, linus);
        assertTrue(server.toString().contains("\"italic\":true"), () -> "the italic arrived: " + server);
    }

    @Test
    @DisplayName("another person's cursor is shown with their name and follows the text as it changes")
    void remoteCursorShownWithName() {
        EditorPage ada = open("Ada", "cursors");
        EditorPage grace = open("Grace Hopper", "cursors");
        ada.caretAt(0);
        ada.type("Hello world");
        ada.awaitSettled();
        grace.page.waitForFunction("() => window.__quire.quill.getText() === 'Hello world\\n'");
        grace.caretAt(6); // before "world"

        ada.awaitRemoteCursor("Grace Hopper");
        ada.page.waitForFunction("() => [...window.__quire.binding.remote.values()]"
                + ".some(u => u.name === 'Grace Hopper' && u.range && u.range.index === 6)");
        assertTrue(ada.page.locator(".ql-cursor .ql-cursor-caret-container").first().isVisible(),
                "the caret is visible");

        // Count what Grace sends from now on: others' edits must not make her re-announce her cursor.
        grace.page.evaluate("() => { const c = window.__quire.connection; window.__sent = [];"
                + " const send = c.send.bind(c); c.send = m => { window.__sent.push(m.type); send(m); }; }");
        ada.caretAt(0);
        ada.type(">> "); // three characters before Grace's caret
        ada.page.waitForFunction("() => [...window.__quire.binding.remote.values()]"
                + ".some(u => u.name === 'Grace Hopper' && u.range && u.range.index === 9)");
        grace.page.waitForFunction("() => window.__quire.quill.getText() === '>> Hello world\\n'");
        grace.page.waitForFunction("() => [...window.__quire.binding.remote.values()]"
                + ".some(u => u.name === 'Ada' && u.range && u.range.index === 3)");
        assertEquals(List.of(), grace.page.evaluate("() => window.__sent.filter(t => t === 'presence')"));
    }

    @Test
    @DisplayName("typing while offline is kept, and arrives exactly once when the network is back")
    void offlineEditsArriveExactlyOnce() {
        EditorPage ada = open("Ada", "offline");
        EditorPage grace = open("Grace", "offline");
        ada.caretAt(0);
        ada.type("start ");
        awaitConvergence("offline", ada, grace);

        ada.context.setOffline(true);
        ada.awaitStatus("Offline — reconnecting…");
        ada.caretAt(6);
        ada.type("written offline");
        ada.awaitStatus("Offline — changes kept");
        grace.caretAt(0);
        grace.type("meanwhile ");
        grace.awaitSettled();
        assertEquals(-1, grace.text().indexOf("written offline"), "nothing leaked while offline");

        ada.context.setOffline(false);
        ada.awaitStatus("All changes saved");
        awaitConvergence("offline", ada, grace);
        assertEquals("meanwhile start written offline\n", grace.text());
    }

    @Test
    @DisplayName("an op whose ack is lost to a dropped socket is resent and committed exactly once")
    void droppedAcksDoNotDuplicate() {
        EditorPage ada = open("Ada", "drops");
        EditorPage grace = open("Grace", "drops");
        for (int i = 0; i < 15; i++) {
            // The op leaves, then the socket is torn down before (or after) its ack can arrive.
            ada.page.evaluate("i => { const q = window.__quire; q.quill.insertText(q.quill.getLength() - 1, 'x' + i + ' ', 'user');"
                    + " q.connection.restart(); }", i);
        }
        ada.awaitSettled();
        awaitConvergence("drops", ada, grace);
        String text = grace.text();
        for (int i = 0; i < 15; i++) {
            String token = "x" + i + " ";
            assertEquals(text.indexOf(token), text.lastIndexOf(token), "exactly one " + token + " in " + text);
            assertTrue(text.contains(token), token + " arrived");
        }
    }

    @Test
    @DisplayName("undo takes back only my own edit, even after someone else typed in between")
    void undoIsUserOnly() {
        EditorPage ada = open("Ada", "undo");
        EditorPage grace = open("Grace", "undo");
        ada.caretAt(0);
        ada.type("mine");
        ada.awaitSettled();
        grace.page.waitForFunction("() => window.__quire.quill.getText() === 'mine\\n'");
        grace.caretAt(0);
        grace.type("theirs ");
        grace.awaitSettled();
        ada.page.waitForFunction("() => window.__quire.quill.getText() === 'theirs mine\\n'");

        ada.page.keyboard().press("Control+Z");
        awaitConvergence("undo", ada, grace);
        assertEquals("theirs \n", grace.text());
        ada.page.keyboard().press("Control+Shift+Z");
        awaitConvergence("undo", ada, grace);
        assertEquals("theirs mine\n", grace.text());
    }

    /** Waits until every page is settled at the server's version, then asserts all equal the server's content. */
    private JsonNode awaitConvergence(String documentId, EditorPage... pages) {
        for (EditorPage page : pages) {
            page.awaitSettled();
        }
        try (WsTestClient probe = server.client(documentId, "probe-" + System.nanoTime()).connect().join()) {
            long version = probe.version();
            JsonNode truth = WsTestClient.JSON.valueToTree(probe.content());
            for (EditorPage page : pages) {
                Await.until(() -> page.version() == version, Duration.ofSeconds(15),
                        () -> "page at version " + page.version() + ", server at " + version);
                assertEquals(truth, page.contents(), "page content equals the server's");
            }
            return truth;
        }
    }
}
