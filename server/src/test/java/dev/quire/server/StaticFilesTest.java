package dev.quire.server;

import dev.quire.http.StaticFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Static files from a directory that has a secret file next to it (and one inside it that is not servable),
 * attacked with raw request targets that no URI class would let through unchanged.
 */
class StaticFilesTest {

    private static final String SECRET = "TOP-SECRET-CONTENT";
    private static Path dir;
    private static QuireServer server;

    static StaticFiles empty() {
        try {
            return StaticFiles.fromDirectory(Files.createTempDirectory("quire-empty"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("quire-static");
        Path web = Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("secret.txt"), SECRET);
        Files.writeString(web.resolve(".env"), SECRET);
        Files.writeString(web.resolve("index.html"), "<!doctype html><html>index</html>");
        Files.createDirectories(web.resolve("assets"));
        Files.writeString(web.resolve("assets/app-AB12CD34.js"), "console.log(1)");
        Files.writeString(web.resolve("assets/style.css"), "body{}");
        server = TestServer.start(StaticFiles.fromDirectory(web), ServerTuning.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/../secret.txt",
            "/assets/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/..%2Fsecret.txt",
            "/%2e%2e%2fsecret.txt",
            "/assets%2f..%2f..%2fsecret.txt",
            "/..\\secret.txt",
            "/..%5csecret.txt",
            "/%c0%ae%c0%ae/secret.txt",          // overlong UTF-8 '.'
            "/..%c0%afsecret.txt",               // overlong UTF-8 '/'
            "/%e0%80%ae%e0%80%ae/secret.txt",    // 3-byte overlong '.'
            "/%252e%252e/secret.txt",            // double encoding
            "/./secret.txt",
            "//secret.txt",
            "/.env",
            "/%2eenv",
            "/index.html%00.js",
            "/d/../../secret.txt",
            "/d/%2e%2e/%2e%2e/secret.txt",
            "http://localhost/../secret.txt",
    })
    void traversalAttempt_neverLeaksAndIsRefused(String target) throws IOException {
        TestServer.RawResponse response = TestServer.rawGet(server, target);
        assertFalse(response.body().contains(SECRET), target + " leaked: " + response.body());
        assertTrue(response.status() == 400 || response.status() == 404,
                target + " -> " + response.status() + "\n" + response.head());
    }

    @Test
    void plainFiles_areServedWithTheirContentTypes() throws IOException {
        TestServer.RawResponse css = TestServer.rawGet(server, "/assets/style.css");
        assertEquals(200, css.status());
        assertTrue(css.head().contains("Content-Type: text/css; charset=utf-8"), css.head());
        assertTrue(css.head().contains("Cache-Control: no-cache"), css.head());
        assertTrue(css.head().contains("X-Content-Type-Options: nosniff"), css.head());
        assertEquals("body{}", css.body());
    }

    @Test
    void hashedAsset_isCachedForAYear() throws IOException {
        TestServer.RawResponse js = TestServer.rawGet(server, "/assets/app-AB12CD34.js?v=1");
        assertEquals(200, js.status());
        assertTrue(js.head().contains("Content-Type: text/javascript; charset=utf-8"), js.head());
        assertTrue(js.head().contains("Cache-Control: public, max-age=31536000, immutable"), js.head());
    }

    @Test
    void spaFallback_coversDocumentRoutesOnly() throws IOException {
        assertEquals(200, TestServer.rawGet(server, "/d/abc").status());
        assertTrue(TestServer.rawGet(server, "/d/abc").body().contains("index"));
        assertEquals(404, TestServer.rawGet(server, "/elsewhere").status());
        assertEquals(404, TestServer.rawGet(server, "/d/a/b").status());
    }

    @Test
    void fromDirectory_skipsDotFiles() throws IOException {
        StaticFiles files = StaticFiles.fromDirectory(dir.resolve("web"));
        assertFalse(files.paths().contains("/.env"));
        assertTrue(files.paths().contains("/index.html"));
        assertEquals("<!doctype html><html>index</html>",
                Files.readString(dir.resolve("web/index.html"), StandardCharsets.UTF_8));
    }
}
