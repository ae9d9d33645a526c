package dev.quire.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The document list page, in Chromium against the real server. */
@ExtendWith(SharedChromium.class)
@Tag("heavy")
class DocumentListTest {
    private static Chromium chromium;
    private TestServer server;
    private BrowserContext context;
    private Page page;

    @BeforeAll
    static void browser(Chromium shared) {
        chromium = shared;
    }

    @BeforeEach
    void start() {
        server = TestServer.start();
        context = chromium.newUser(server.baseUri(), "Ada");
        page = context.newPage();
    }

    @AfterEach
    void stop() {
        context.close();
        server.close();
    }

    @Test
    @DisplayName("an empty server invites the first document; creating it opens the editor, ready to type")
    void createAndOpen() {
        page.navigate("/");
        Locator first = page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName(Pattern.compile("Create your first document|Start a document")));
        first.click();
        page.waitForURL(Pattern.compile(".*/d/[A-Za-z0-9_-]+$"));
        page.waitForFunction("() => document.getElementById('status')?.textContent === 'All changes saved'");
        page.locator(".ql-editor").click();
        page.keyboard().type("First words");
        page.waitForFunction("() => window.__quire.session.settled && window.__quire.quill.getText() === 'First words\\n'");
        assertEquals("Untitled", page.locator("#title").inputValue());
    }

    @Test
    @DisplayName("the list shows documents, renames one and deletes one after confirmation")
    void renameAndDelete() throws Exception {
        page.navigate("/");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create your first document")).click();
        page.waitForURL(Pattern.compile(".*/d/[A-Za-z0-9_-]+$"));
        String id = page.url().replaceFirst(".*/d/", "");
        page.waitForFunction("() => document.getElementById('status')?.textContent === 'All changes saved'");
        page.locator("#title").fill("Plans");
        page.locator("#title").press("Enter");
        page.waitForFunction("() => document.title === 'Plans — Quire'");

        page.navigate("/");
        Locator row = page.locator(".doc-row[data-id='" + id + "']");
        assertEquals("Plans", row.locator(".doc-title").textContent());
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Rename Plans")).click();
        row.locator(".rename-input").fill("Plans for 2027");
        row.locator(".rename-input").press("Enter");
        row.locator(".doc-title", new Locator.LocatorOptions().setHasText("Plans for 2027")).waitFor();
        page.reload();
        assertEquals("Plans for 2027", page.locator(".doc-row[data-id='" + id + "'] .doc-title").textContent());

        page.locator(".doc-row[data-id='" + id + "']").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Delete Plans for 2027")).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel")).click();
        assertTrue(page.locator(".doc-row[data-id='" + id + "']").isVisible(), "cancel keeps the document");
        page.locator(".doc-row[data-id='" + id + "']").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Delete Plans for 2027")).click();
        page.locator("#confirm-delete").click();
        page.getByText("No documents yet").waitFor();
        page.reload();
        page.getByText("No documents yet").waitFor();
    }

    @Test
    @DisplayName("the list shows the initials of who is in a document now, and none once they leave")
    void showsWhoIsInADocument() throws Exception {
        String id = createByRest();
        Locator row = page.locator(".doc-row[data-id='" + id + "']");
        try (WsTestClient bob = server.client(id, "bob").connect().join()) {
            Await.until(() -> listJson().contains("Test bob"), "the list reports bob");
            page.navigate("/");
            Locator avatar = row.locator(".doc-people .avatar");
            avatar.first().waitFor();
            assertEquals(1, avatar.count());
            assertEquals("TBTest bob", avatar.first().textContent(), "initials, and the name for screen readers");
            assertTrue(avatar.first().getAttribute("style").contains("--avatar: #"), avatar.first().getAttribute("style"));
        }
        Await.until(() -> !listJson().contains("Test bob"), "the list no longer reports bob");
        page.reload();
        row.waitFor();
        assertEquals(0, row.locator(".doc-people").count(), "nobody there: no avatars");
    }

    private String createByRest() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(server.baseUri().resolve(URI.create("/api/documents")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Busy\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response::body);
        return WsTestClient.JSON.readTree(response.body()).get("id").asText();
    }

    private String listJson() {
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(server.baseUri().resolve(URI.create("/api/documents?limit=100"))).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
