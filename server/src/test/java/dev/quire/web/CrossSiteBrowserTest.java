package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import dev.quire.testkit.WsTestClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The attack of the report in a real browser: a page on another site (served by another local server, at
 * {@code localhost} while Quire is opened at {@code 127.0.0.1}) sends {@code fetch(..., {method: 'POST', mode:
 * 'no-cors'})} to Quire's admin API and opens a WebSocket to it. Chromium marks both as cross-site; neither may have
 * any effect.
 */
@Tag("heavy")
class CrossSiteBrowserTest extends BrowserTest {
    private HttpServer attacker;

    @BeforeEach
    void startAttacker() throws IOException {
        attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        attacker.createContext("/", exchange -> {
            byte[] page = attackPage().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        attacker.start();
    }

    @AfterEach
    void stopAttacker() {
        attacker.stop(0);
    }

    private String attackPage() {
        String quire = "127.0.0.1:" + server.baseUri().getPort();
        return "<!doctype html><title>cute cats</title><script>"
                + "const results = [];"
                + "const posts = [1, 2, 3].map(() => fetch('http://" + quire + "/api/admin/backups',"
                + "  {method: 'POST', mode: 'no-cors'}).then(() => 'sent', e => 'failed: ' + e));"
                + "const create = fetch('http://" + quire + "/api/documents', {method: 'POST', mode: 'no-cors',"
                + "  headers: {'Content-Type': 'text/plain'}, body: '{\"title\":\"planted\"}'}).then(() => 'sent');"
                + "const socket = new Promise(resolve => {"
                + "  const ws = new WebSocket('ws://" + quire + "/ws/documents/hijacked');"
                + "  ws.onopen = () => resolve('open'); ws.onerror = () => resolve('refused'); });"
                + "Promise.all([...posts, create, socket]).then(r => { document.title = 'done: ' + r.join(','); });"
                + "</script>";
    }

    @Test
    @DisplayName("a page on another site cannot make backups, create documents or open a WebSocket")
    void crossSitePage_changesNothing() throws Exception {
        Page page = newUser("Victim").newPage();
        page.navigate("http://localhost:" + attacker.getAddress().getPort() + "/");
        page.waitForFunction("() => document.title.startsWith('done: ')");
        assertEquals("done: sent,sent,sent,sent,refused", page.title(), "the browser did send everything");
        assertEquals(0, count("/api/admin/backups", "backups"), "no backup was made");
        assertEquals(0, count("/api/documents", "documents"), "no document was created");
        assertEquals(0, server.openWebSocketCount());
    }

    private int count(String path, String field) throws IOException, InterruptedException {
        HttpResponse<String> list = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.baseUri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode(), list.body());
        return WsTestClient.JSON.readTree(list.body()).get(field).size();
    }
}
