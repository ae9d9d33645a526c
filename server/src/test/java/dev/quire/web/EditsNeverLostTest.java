package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import dev.quire.app.SecurityLimits;
import dev.quire.http.HttpHardening;
import dev.quire.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, "No edit a person typed is ever lost": each edge where the browser used to lose what was typed, in
 * Chromium against a real server over real sockets. Each test fails on the client before the fix.
 */
class EditsNeverLostTest extends BrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @DisplayName("offline while others make more edits than the resume window: the full welcome merges the"
            + " offline edits instead of dropping them")
    void offlineInABusyDocument_mergesThePendingEdits() throws Exception {
        EditorPage ada = open("Ada", "busy");
        ada.caretAt(0);
        ada.type("hello");
        ada.awaitSettled();

        ada.context.setOffline(true);
        ada.awaitStatus("Offline — reconnecting…");
        ada.caretAt(5);
        ada.type(" world");
        ada.awaitStatus("Offline — changes kept");

        int others = 10_240; // more than the 10,000 versions a resume may span
        try (RawEditor grace = RawEditor.join(server.baseUri(), "busy")) {
            grace.insertAtStart(others, 256);
        }
        ada.context.setOffline(false);
        ada.page.waitForFunction("v => window.__quire.session.settled && window.__quire.session.joined"
                + " && window.__quire.session.state.version > v", others, new Page.WaitForFunctionOptions().setTimeout(60_000));
        ada.awaitStatus("All changes saved");

        String expected = "o".repeat(others) + "hello world\n";
        assertEquals(expected, textOnServer("busy"), "Ada's offline edit is on the server, once, where she typed it");
        assertEquals(expected, ada.text());
        assertTrue(ada.page.locator("#banner").isHidden(), "no 'edits could not be merged' banner");
    }

    @Test
    @DisplayName("a paste larger than the 1 MiB message limit is sent in pieces; it and what is typed after it are kept")
    void pasteOverTheMessageLimit_isKept() throws Exception {
        EditorPage ada = open("Ada", "paste");
        int words = 216_667; // 1,300,002 characters: more than the 1 MiB message limit as one op
        int size = words * "paste ".length();
        ada.page.evaluate("n => { const q = window.__quire.quill; q.focus(); q.setSelection(0, 0, 'user');"
                + " const data = new DataTransfer(); data.setData('text/plain', 'paste '.repeat(n));"
                + " q.root.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })); }",
                words);
        ada.page.waitForFunction("n => window.__quire.quill.getLength() > n", size,
                new Page.WaitForFunctionOptions().setTimeout(60_000));
        ada.caretAt(size);
        ada.type(" and after");
        ada.page.waitForFunction("() => window.__quire.session.settled && window.__quire.session.joined", null,
                new Page.WaitForFunctionOptions().setTimeout(60_000));
        ada.awaitStatus("All changes saved");

        String text = textOnServer("paste");
        assertEquals("paste ".repeat(words) + " and after\n", text);
        assertEquals(1, server.openWebSocketCount(), "the same socket: never closed for a message too big");
    }

    @Test
    @DisplayName("a network that dies silently (a proxy that stops answering) is noticed within seconds, and once it"
            + " is back the client reconnects by itself and sends what was typed")
    void silentNetwork_isNoticed_andTheEditArrives() throws Exception {
        try (SilentProxy proxy = new SilentProxy()) {
            EditorPage ada = openThroughProxy(proxy, "Ada", "hung");
            ada.caretAt(0);
            ada.type("before ");
            ada.awaitSettled();

            proxy.goSilent();
            ada.type("during");
            ada.page.waitForFunction("() => document.getElementById('status').textContent === 'Offline — changes kept'",
                    null, new Page.WaitForFunctionOptions().setTimeout(20_000));
            assertTrue(ada.page.locator("#retry-now").isVisible(), "the page offers to retry now");

            proxy.resume();
            ada.page.waitForFunction("() => window.__quire.session.settled && window.__quire.session.joined", null,
                    new Page.WaitForFunctionOptions().setTimeout(40_000));
            ada.awaitStatus("All changes saved");
            assertEquals("before during\n", textOnServer("hung"));
        }
    }

    @Test
    @DisplayName("'Retry now' replaces an attempt that hangs on a dead network at once")
    void retryNow_replacesAHangingAttempt() throws Exception {
        try (SilentProxy proxy = new SilentProxy()) {
            EditorPage ada = openThroughProxy(proxy, "Ada", "retry");
            proxy.goSilent();
            ada.caretAt(0);
            ada.type("kept");
            ada.page.locator("#retry-now").waitFor(); // the heartbeat noticed; an attempt now hangs
            proxy.resume();
            ada.page.locator("#retry-now").click();
            ada.page.waitForFunction("() => window.__quire.session.settled && window.__quire.session.joined", null,
                    new Page.WaitForFunctionOptions().setTimeout(5_000)); // well before a handshake timeout
            assertEquals("kept\n", textOnServer("retry"));
        }
    }

    @Test
    @DisplayName("a collaborator's cursor that cannot be drawn (quill-cursors throws) does not cut short the message:"
            + " the person is listed and later edits still arrive")
    void cursorThatCannotBeDrawn_doesNotHalfHandleTheMessage() {
        // Both in one colour: the page then draws Grace's cursor again in a colour of its own (the recolouring path,
        // whose unguarded cursor calls once cut the message short whenever the server gave two people one colour).
        EditorPage ada = openInColour("Ada", "cursors", "#e6194b");
        ada.page.evaluate("() => { const c = window.__quire.quill.getModule('cursors');"
                + " c.moveCursor = () => { throw new TypeError(\"Cannot read properties of null (reading 'top')\"); }; }");
        EditorPage grace = openInColour("Grace", "cursors", "#e6194b");
        ada.page.locator("#people", new Page.LocatorOptions()).getByText("Grace").waitFor();
        grace.caretAt(0);
        grace.type("from Grace");
        ada.page.waitForFunction("() => window.__quire.quill.getText() === 'from Grace\\n'");
    }

    /** {@code name} opens {@code documentId} with {@code colour} as the colour this browser remembers. */
    private EditorPage openInColour(String name, String documentId, String colour) {
        com.microsoft.playwright.BrowserContext context = newUser(name);
        context.addInitScript("localStorage.setItem('quire.color', " + EditorPage.jsonString(colour) + ")");
        return EditorPage.open(context, documentId);
    }

    /**
     * Replaces the test's server with one that accepts pages served through {@code proxy} (their Origin has the
     * proxy's port) and opens the editor of {@code documentId} through it.
     */
    private EditorPage openThroughProxy(SilentProxy proxy, String name, String documentId) {
        server.close();
        SecurityLimits limits = SecurityLimits.defaults().withHttp(
                HttpHardening.defaults().withAllowedOrigins(List.of("http://127.0.0.1:" + proxy.port())));
        server = TestServer.start(limits);
        proxy.forwardTo(server.baseUri().getPort());
        return EditorPage.open(newUserAt(URI.create("http://127.0.0.1:" + proxy.port() + "/"), name), documentId);
    }

    private String textOnServer(String documentId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve("/api/documents/"
                + documentId)).header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** Another editor speaking the protocol directly, to make many edits quickly (`ops` batches). */
    private static final class RawEditor implements WebSocket.Listener, AutoCloseable {
        private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;
        private long version;
        private long seq;

        static RawEditor join(URI base, String documentId) throws Exception {
            RawEditor editor = new RawEditor();
            URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws/documents/" + documentId);
            editor.socket = HTTP.newWebSocketBuilder().buildAsync(uri, editor).get(10, TimeUnit.SECONDS);
            editor.socket.sendText("{\"type\":\"hello\",\"protocol\":2,\"name\":\"Grace\"}", true).join();
            editor.version = editor.await("welcome").get("version").asLong();
            return editor;
        }

        /** Inserts "o" at the start {@code count} times, as one op each, {@code perMessage} ops to a message. */
        void insertAtStart(int count, int perMessage) throws Exception {
            for (int done = 0; done < count; done += perMessage) {
                ObjectNode message = JSON.createObjectNode().put("type", "ops").put("baseVersion", version);
                ArrayNode ops = message.putArray("ops");
                for (int i = 0; i < perMessage; i++) {
                    ops.addObject().put("seq", ++seq).putObject("delta").putArray("ops").addObject().put("insert", "o");
                }
                socket.sendText(message.toString(), true).join();
                JsonNode ack = await("ack");
                assertEquals(seq, ack.get("seq").asLong(), ack::toString);
                version = ack.get("version").asLong();
            }
        }

        private JsonNode await(String type) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                JsonNode message = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (message == null) {
                    throw new AssertionError("no " + type + " within 30 s");
                }
                if (message.get("type").asText().equals("error")) {
                    throw new AssertionError("refused: " + message);
                }
                if (message.get("type").asText().equals(type)) {
                    return message;
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(JSON.readTree(partial.toString()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }
}
