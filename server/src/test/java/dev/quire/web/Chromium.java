package dev.quire.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One headless system Chromium driven by Playwright; each {@link #newUser} is a separate browser context
 * (own storage, own network switch), as two people on two machines would be. Not thread-safe: Playwright
 * objects belong to the thread that made them.
 */
final class Chromium implements AutoCloseable {
    /** Overridable with -Dquire.chromium=/path for machines that keep it elsewhere. */
    static final Path EXECUTABLE = Path.of(System.getProperty("quire.chromium", "/usr/bin/chromium"));
    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** @throws AssertionError when there is no Chromium: browser tests must fail, not skip, without one */
    static Chromium launch() {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new AssertionError("no Chromium at " + EXECUTABLE
                    + ": install it (apt-get install -y chromium) or pass -Dquire.chromium=/path/to/chromium");
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(ARGS));
            return new Chromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /**
     * A fresh browser profile whose display name is already chosen. It bypasses the server's Content-Security-Policy:
     * Playwright's {@code waitForFunction} evaluates its predicate with {@code eval} in the page, which the policy
     * (no {@code 'unsafe-eval'}) forbids. The policy itself is tested with {@link #newUserUnderPolicy}.
     */
    BrowserContext newUser(URI base, String displayName) {
        return newUser(base, displayName, true);
    }

    /** As {@link #newUser}, but the page is held to the server's Content-Security-Policy: no waitForFunction. */
    BrowserContext newUserUnderPolicy(URI base, String displayName) {
        return newUser(base, displayName, false);
    }

    private BrowserContext newUser(URI base, String displayName, boolean bypassCsp) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(base.toString())
                .setViewportSize(1100, 800).setBypassCSP(bypassCsp));
        context.setDefaultTimeout(15_000);
        context.addInitScript("localStorage.setItem('quire.displayName', " + jsString(displayName) + ")");
        return context;
    }

    static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
