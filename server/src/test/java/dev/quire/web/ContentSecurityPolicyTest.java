package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.quire.testkit.Await;
import dev.quire.testkit.StoredDocuments;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The web client works under Quire's Content-Security-Policy: editing, formats, links, remote cursors
 * (quill-cursors sets inline styles) and the history preview cause no policy violation and no console error,
 * while the policy is really in force (an injected inline handler is blocked). Links of a hostile document are
 * harmless in the editor and in the history preview.
 *
 * <p>These pages do not bypass the policy, so Playwright's {@code waitForFunction} (which evaluates with
 * {@code eval}) cannot be used: conditions are polled with {@code evaluate} and {@link Await}, or are locators.
 */
@Tag("heavy")
class ContentSecurityPolicyTest extends BrowserTest {
    /** Records every CSP violation of the page, from before its first script runs. */
    private static final String RECORD_VIOLATIONS = "window.__cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', e =>"
            + " window.__cspViolations.push(e.violatedDirective + ' blocked ' + e.blockedURI));";

    private final List<String> consoleErrors = Collections.synchronizedList(new ArrayList<>());

    /** Opens the editor of {@code documentId} under the policy, recording violations and console errors. */
    private Page openUnderPolicy(String name, String documentId) {
        BrowserContext context = newUserUnderPolicy(name);
        context.addInitScript(RECORD_VIOLATIONS);
        Page page = context.newPage();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                consoleErrors.add(name + ": " + m.text());
            }
        });
        page.onPageError(e -> consoleErrors.add(name + ": uncaught " + e));
        page.onResponse(r -> {
            if (r.status() >= 400) {
                consoleErrors.add(name + ": HTTP " + r.status() + " " + r.url());
            }
        });
        page.navigate("/d/" + documentId);
        try {
            page.locator(".ql-editor[contenteditable=true]").waitFor();
        } catch (RuntimeException e) {
            throw new AssertionError("the editor did not open; console: " + consoleErrors + ", violations: "
                    + violations(page) + ", page: " + page.evaluate("() => document.body.innerHTML.slice(0, 600)")
                    + ", status: " + page.evaluate("() => document.getElementById('status')?.textContent"), e);
        }
        awaitTrue(page, "() => window.__quire?.session?.joined === true", "the editor joins");
        return page;
    }

    private static void awaitTrue(Page page, String predicate, String what) {
        Await.until(() -> Boolean.TRUE.equals(page.evaluate(predicate)), what);
    }

    private static void awaitSettled(Page page) {
        awaitTrue(page, "() => window.__quire.session.settled && window.__quire.session.joined", "edits acknowledged");
    }

    private static List<?> violations(Page page) {
        return (List<?>) page.evaluate("() => window.__cspViolations");
    }

    private static JsonNode contents(Page page) {
        return EditorPage.parse((String) page.evaluate("() => JSON.stringify(window.__quire.quill.getContents())"));
    }

    private static void typeAt(Page page, int index, String text) {
        page.evaluate("i => { const q = window.__quire.quill; q.focus(); q.setSelection(i, 0, 'user'); }", index);
        page.keyboard().type(text);
    }

    private static void awaitRemoteCursor(Page page, String name) {
        page.locator(".ql-cursor .ql-cursor-name", new Page.LocatorOptions().setHasText(name))
                .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
    }

    @Test
    @DisplayName("editing, formatting, links, remote cursors and the history preview cause no CSP violation")
    void editorWorksUnderThePolicy() throws Exception {
        HttpResponse<String> index = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.baseUri().resolve("/d/csp")).build(), HttpResponse.BodyHandlers.ofString());
        String policy = index.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'"), policy);

        Page ada = openUnderPolicy("Ada", "csp");
        Page grace = openUnderPolicy("Grace", "csp");
        typeAt(ada, 0, "Hello from Ada");
        ada.evaluate("() => window.__quire.quill.formatText(0, 5,"
                + " {bold: true, italic: true, color: '#e6194b', link: 'https://example.com/'}, 'user')");
        awaitSettled(ada);
        typeAt(grace, 0, "Grace here. ");
        awaitRemoteCursor(ada, "Grace");
        awaitRemoteCursor(grace, "Ada");
        awaitSettled(grace);
        Await.until(() -> contents(ada).equals(contents(grace)), "both editors converge");

        ada.locator("#save").click();
        ada.locator("#status").filter(new Locator.FilterOptions().setHasText("Saved")).waitFor();
        ada.locator("#history-toggle").click();
        ada.locator("#history-list .history-item").first().click();
        ada.locator("#history-preview .ql-editor").filter(new Locator.FilterOptions().setHasText("Hello")).waitFor();

        assertEquals(List.of(), violations(ada), "Ada's page");
        assertEquals(List.of(), violations(grace), "Grace's page");
        assertEquals(List.of(), List.copyOf(consoleErrors));

        // The policy is in force: markup injected into the page cannot run an inline handler.
        ada.evaluate("() => document.body.insertAdjacentHTML('beforeend',"
                + " '<img src=\"data:image/png;base64,broken\" onerror=\"window.__pwned = true\">')");
        awaitTrue(ada, "() => window.__cspViolations.length > 0", "the injected handler is reported as blocked");
        assertEquals(null, ada.evaluate("() => window.__pwned ?? null"));
        assertTrue(String.valueOf(violations(ada).get(0)).startsWith("script-src"), violations(ada).toString());
    }

    @Test
    @DisplayName("a document's javascript: links and images are harmless in the editor and the history preview")
    void hostileLinksAreHarmlessInTheEditor() throws Exception {
        String content = "{\"ops\":["
                + "{\"insert\":\"click\",\"attributes\":{\"link\":\"javascript:window.__pwned=1\"}},"
                + "{\"insert\":\" \"},{\"insert\":\"mixed\",\"attributes\":{\"link\":\" JaVaScRiPt:window.__pwned=2\"}},"
                + "{\"insert\":{\"image\":\"javascript:window.__pwned=3\"}},"
                + "{\"insert\":\"<img src=x onerror=window.__pwned=4>\\n\"}]}";
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/api/documents"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"hostile\",\"content\":" + content + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(422, created.statusCode(), "the API refuses the javascript: image: " + created.body());
        // A document stored before that refusal (with its saved version 1) must still be harmless in the editor.
        Path data = TestServer.tempDir();
        String id = "hostile";
        StoredDocuments.create(data, id, WsTestClient.delta(EditorPage.parse(content)));
        server.close();
        server = TestServer.startOn(data);

        Page ada = openUnderPolicy("Ada", id);
        ada.locator(".ql-editor a").first().waitFor();
        assertHarmless(ada, ".ql-editor");
        ada.locator("#history-toggle").click();
        ada.locator("#history-list .history-item").first().click();
        ada.locator("#history-preview .ql-editor a").first().waitFor();
        assertHarmless(ada, "#history-preview .ql-editor");
        ada.locator("#history-preview .ql-editor a").first().click();
        assertEquals(null, ada.evaluate("() => window.__pwned ?? null"));
        assertEquals(List.of(), List.copyOf(consoleErrors));
    }

    /** Every link and image under {@code root} has a harmless URL, and the markup-looking text stayed text. */
    private static void assertHarmless(Page page, String root) {
        List<?> urls = (List<?>) page.evaluate("root => Array.from(document.querySelectorAll(root + ' a, '"
                + " + root + ' img')).map(e => e.getAttribute('href') ?? e.getAttribute('src'))", root);
        assertTrue(urls.size() >= 2, root + ": " + urls);
        for (Object url : urls) {
            String u = String.valueOf(url).replaceAll("[\\t\\n\\r]", "").strip().toLowerCase(Locale.ROOT);
            assertTrue(!u.startsWith("javascript:"), root + ": " + urls);
        }
        assertEquals(0L, ((Number) page.evaluate("root => document.querySelectorAll(root + ' img[src=\"x\"]').length",
                root)).longValue());
        assertTrue(((String) page.evaluate("root => document.querySelector(root).textContent", root))
                .contains("<img src=x onerror=window.__pwned=4>"));
    }
}
