package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Quire in stock Firefox (Debian's firefox-esr) and Chromium at once, with auth on: each person signs in on the
 * sign-in page with an API token of their own and they edit one document together. Firefox is driven over WebDriver
 * BiDi by puppeteer-core from {@code web-client/test-support/firefox-user.mjs} (Playwright needs a patched Firefox of
 * its own); Chromium by Playwright, as in the other browser tests.
 */
@ExtendWith(SharedChromium.class)
@Tag("heavy")
class FirefoxEditingTest {
    /** Overridable with -Dquire.firefox=/path for machines that keep it elsewhere. */
    private static final Path FIREFOX = Path.of(System.getProperty("quire.firefox", "/usr/bin/firefox-esr"));
    private static final Path SCRIPT = Path.of("..", "web-client", "test-support", "firefox-user.mjs");
    /** Firefox's first start on a busy machine takes half a minute; the whole person gets three. */
    private static final long FIREFOX_MINUTES = 3;

    @Test
    @DisplayName("a Chromium user and a Firefox user sign in with auth on and see each other's text in one document")
    void chromiumAndFirefox_signIn_editTogether(Chromium chromium) throws Exception {
        if (!Files.isExecutable(FIREFOX)) {
            throw new AssertionError("no Firefox at " + FIREFOX
                    + ": install it (apt-get install -y firefox-esr) or pass -Dquire.firefox=/path/to/firefox");
        }
        try (SecuredServer server = new SecuredServer()) {
            String id = server.createDocument("Together", "Shared notes\n");
            String fromChromium = " Chromium wrote this.";
            String fromFirefox = " Firefox wrote this.";

            ObjectNode config = JsonNodeFactory.instance.objectNode().put("base", server.baseUri().toString())
                    .put("token", server.apiToken("firefox-user")).put("documentId", id).put("type", fromFirefox)
                    .put("expect", fromChromium.strip()).put("firefox", FIREFOX.toString());
            Process firefox = new ProcessBuilder("node", SCRIPT.toString(), config.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            CompletableFuture<String> firefoxOut = read(firefox.getInputStream());
            try {
                BrowserContext context = chromium.newUser(server.baseUri(), "Ada");
                Page page = context.newPage();
                page.navigate("/");
                page.locator("#sign-in-token").fill(server.apiToken("chromium-user"));
                page.locator("#sign-in-submit").click();
                page.locator("a.doc-title", new Page.LocatorOptions().setHasText("Together")).click();
                page.waitForFunction("() => window.__quire?.session.joined");
                page.locator(".ql-editor[contenteditable=true]").waitFor();
                page.evaluate("() => { const q = window.__quire.quill; q.focus(); q.setSelection(12, 0, 'user'); }");
                page.keyboard().type(fromChromium);
                page.waitForFunction("t => window.__quire.session.settled && window.__quire.quill.getText().includes(t)",
                        fromFirefox.strip(), new Page.WaitForFunctionOptions().setTimeout(FIREFOX_MINUTES * 60_000));

                assertTrue(firefox.waitFor(FIREFOX_MINUTES, TimeUnit.MINUTES), "the Firefox user finished in time");
                assertEquals(0, firefox.exitValue(), "the Firefox user succeeded (its reasons are on stderr)");
                JsonNode seen = EditorPage.parse(firefoxOut.get(10, TimeUnit.SECONDS).strip());
                String chromiumText = (String) page.evaluate("() => window.__quire.quill.getText()");
                assertEquals(chromiumText, seen.get("text").asText(), "both browsers show the same document");
                assertEquals(chromiumText, server.text(id), "and so does the server");
                assertTrue(chromiumText.contains(fromChromium) && chromiumText.contains(fromFirefox), chromiumText);
                context.close();
            } finally {
                firefox.descendants().forEach(ProcessHandle::destroyForcibly);
                firefox.destroyForcibly();
            }
        }
    }

    private static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
