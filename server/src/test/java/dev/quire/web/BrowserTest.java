package dev.quire.web;

import com.microsoft.playwright.BrowserContext;
import dev.quire.testkit.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** A fresh server per test and people opening it in their own browser contexts of the shared Chromium. */
@ExtendWith(SharedChromium.class)
abstract class BrowserTest {
    static Chromium chromium;
    TestServer server;
    private final List<BrowserContext> contexts = new ArrayList<>();

    @BeforeAll
    static void browser(Chromium shared) {
        chromium = shared;
    }

    @BeforeEach
    void startServer() {
        server = TestServer.start();
    }

    @AfterEach
    void stopServer() {
        contexts.forEach(BrowserContext::close);
        server.close();
    }

    /** {@code name} opens the editor of {@code documentId} in a browser context of their own. */
    EditorPage open(String name, String documentId) {
        BrowserContext context = chromium.newUser(server.baseUri(), name);
        contexts.add(context);
        return EditorPage.open(context, documentId);
    }
}
