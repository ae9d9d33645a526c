package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.Jwts;
import dev.quire.testkit.CapturedLogs;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The secure-by-default start, and that credentials never reach the log. */
class AuthStartupAndLogsTest {
    private static final String ADMIN = "startup-test-admin-secret-0123456789ab";

    @TempDir
    Path dir;

    @Test
    void nonLoopbackBindWithoutAuth_isRefusedAtStart_namingTheSettings() {
        AuthSettings.InsecureBindException e = assertThrows(AuthSettings.InsecureBindException.class,
                () -> QuireApplication.builder(new ServerConfig("0.0.0.0", 0, dir)).build());
        assertTrue(e.getMessage().contains("QUIRE_ADMIN_TOKEN"), e.getMessage());
    }

    @Test
    void credentials_neverAppearInTheLog_evenAtTraceLevel() throws Exception {
        Logging.routeJulToSlf4j(); // Tyrus, Grizzly and Jersey log through java.util.logging
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        // As QUIRE_LOG_LEVEL=TRACE would: everything of Quire's at its most verbose. The library loggers keep the
        // levels logback.xml gives them (Grizzly's own debug output prints whole request headers; docs/security.md
        // says not to turn it on in production).
        Map<Logger, Level> levels = new HashMap<>();
        for (Logger logger : List.of(root, context.getLogger("dev.quire"))) {
            levels.put(logger, logger.getLevel());
            logger.setLevel(Level.ALL);
        }
        CapturedLogs captured = CapturedLogs.all();
        List<String> secrets = new ArrayList<>(List.of(ADMIN));
        try (TestServer server = TestServer.withAuth(AuthSettings.defaults().withAdminToken(ADMIN)
                .withJwtHmacSecret(Jwts.HMAC_SECRET))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> link = http.send(HttpRequest.newBuilder(
                            server.baseUri().resolve("/api/documents/logged/share-links"))
                    .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"view\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, link.statusCode(), link.body());
            JsonNode created = WsTestClient.JSON.readTree(link.body());
            String linkSecret = created.get("secret").asText();
            String jwt = Jwts.hs256(Jwts.claims("u", Instant.now().plusSeconds(600), Map.of("*", "edit")).build(),
                    Jwts.HMAC_SECRET);
            String wrong = "qt_" + "w".repeat(43);
            secrets.addAll(List.of(linkSecret, jwt, wrong));

            for (String secret : List.of(linkSecret, jwt, wrong)) {
                http.send(HttpRequest.newBuilder(server.baseUri().resolve("/api/documents/logged"))
                        .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
            }
            http.send(HttpRequest.newBuilder(server.baseUri().resolve("/d/logged")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // An editor's join makes the document, so the viewer has one to join: a view link cannot create it.
            server.client("logged", "owner", jwt).connect().join().close();
            try (WsTestClient viewer = server.client("logged", "viewer", linkSecret).connect().join()) {
                viewer.send("{\"type\":\"op\",\"seq\":1,\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"x\"}]}}");
                viewer.awaitMessage(m -> WsTestClient.type(m).equals("error"), 0);
            }
            try {
                server.client("logged", "intruder", wrong).connect();
            } catch (IllegalStateException expected) {
                // refused with 401, as it should be
            }
        } finally {
            captured.close();
            levels.forEach(Logger::setLevel);
        }
        assertFalse(captured.events().isEmpty(), "debug logging was captured at all");
        for (ILoggingEvent event : captured.events()) {
            if (event.getLoggerName().startsWith("jdk.")) {
                continue; // the test's own JDK HttpClient, not the server
            }
            String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
            for (String secret : secrets) {
                assertFalse(text.contains(secret), () -> "a credential was logged by " + event.getLoggerName()
                        + ": " + event.getFormattedMessage());
            }
        }
    }

    private static String throwableText(IThrowableProxy proxy) {
        StringBuilder text = new StringBuilder();
        for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
            text.append(' ').append(p.getClassName()).append(": ").append(p.getMessage());
        }
        return text.toString();
    }
}
