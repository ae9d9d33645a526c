package dev.quire.web;

import com.microsoft.playwright.BrowserContext;
import dev.quire.testkit.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** A fresh server per test and people opening it in their own browser contexts of the shared Chromium. */
@ExtendWith(SharedChromium.class)
@Tag("heavy")
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
        return EditorPage.open(newUser(name), documentId);
    }

    /** A browser context of {@code name}'s own, closed after the test. */
    BrowserContext newUser(String name) {
        BrowserContext context = chromium.newUser(server.baseUri(), name);
        contexts.add(context);
        return context;
    }

    /** A browser context of {@code name}'s own that reaches the server at {@code base} (e.g. through a proxy). */
    BrowserContext newUserAt(java.net.URI base, String name) {
        BrowserContext context = chromium.newUser(base, name);
        contexts.add(context);
        return context;
    }

    /** A browser context held to the server's Content-Security-Policy (see {@link Chromium#newUserUnderPolicy}). */
    BrowserContext newUserUnderPolicy(String name) {
        BrowserContext context = chromium.newUserUnderPolicy(server.baseUri(), name);
        contexts.add(context);
        return context;
    }
}
