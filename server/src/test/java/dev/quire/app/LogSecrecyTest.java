package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.CapturedLogs;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * Whatever a session does, document content and tokens never reach the logs - at DEBUG, the most a production
 * server would log - while the logging context names connections, documents and requests.
 */
class LogSecrecyTest {

    /** The admin secret of the server under test: sent in the WebSocket query and the REST header and query. */
    private static final String TOKEN = "tok_SECRET_QUERY_WS_0123456789abcdefghij";

    private static final List<String> SECRETS = List.of("SECRET-CONTENT-4711", "hunter2", TOKEN,
            "SECRET-IN-BAD-FRAME", "SECRET-RAW-FRAME", "tok_SECRET_QUERY_REST", "SECRET-REST-CONTENT",
            "SECRET-BAD-DELTA", "SECRET-ID");

    @Test
    void editingSecretTextWithATokenInTheQuery_logsNeitherButNamesConnectionsDocumentsAndRequests()
            throws Exception {
        Logging.configure(LogSettings.defaults().withLevel(Level.DEBUG));
        CapturedLogs captured = CapturedLogs.all();
        List<String> secrets = new ArrayList<>(SECRETS);
        try (TestServer server = TestServer.withAuth(dev.quire.auth.AuthSettings.defaults().withAdminToken(TOKEN))) {
            secrets.add(session(server));
        } finally {
            captured.close();
            Logging.configure(LogSettings.defaults());
        }

        List<ILoggingEvent> events = captured.events();
        for (ILoggingEvent event : events) {
            if (event.getLoggerName().startsWith("jdk.")) {
                continue; // the JDK HttpClient of this test logging its own requests; the server does not use it
            }
            String all = event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String secret : secrets) {
                assertFalse(all.contains(secret), "logged '" + secret + "': " + all);
            }
        }
        assertTrue(events.stream().anyMatch(e -> e.getFormattedMessage().equals("connection opened")
                && e.getMDCPropertyMap().get("conn") != null
                && "secrets-doc".equals(e.getMDCPropertyMap().get("doc"))), "WebSocket lines carry conn and doc");
        assertTrue(events.stream().anyMatch(e -> e.getFormattedMessage().equals("POST /api/documents 201")
                && "create-1".equals(e.getMDCPropertyMap().get("req"))), "REST lines carry req: " + events);
    }

    /** @return the client secret the server issued to the WebSocket client (presented again when it resumed) */
    private static String session(TestServer server) throws Exception {
        // The document id of the test client becomes the path: a query after it reaches the server as sent.
        // An invalid id is refused at the handshake (404) and must not be logged either.
        assertThrows(IllegalStateException.class, () -> server.client("bad.SECRET-ID", "mallory", TOKEN).connect());
        try (WsTestClient alice = server.client("secrets-doc", "alice", TOKEN)
                .connect().join()) {
            alice.edit(Delta.builder().insert("SECRET-CONTENT-4711 password=hunter2").build());
            Await.until(() -> alice.version() == 1 && !alice.hasPending(), "the secret edit is acknowledged");
            alice.send("{\"type\":\"op\",\"seq\":\"SECRET-IN-BAD-FRAME\"}");
            alice.send("SECRET-RAW-FRAME");
            Await.until(() -> alice.count(m -> WsTestClient.type(m).equals("error")) == 2, "two error frames");
            alice.disconnect();
            alice.connect().join(); // resumes with its client secret

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(server.baseUri().resolve(
                            "/api/documents?access_token=tok_SECRET_QUERY_REST"))
                    .header("Content-Type", "application/json").header("X-Request-Id", "create-1")
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"SECRET-REST-CONTENT\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(server.baseUri().resolve(
                            "/api/documents/secrets-doc?access_token=tok_SECRET_QUERY_REST"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"baseVersion\": 1, \"delta\": {\"ops\":"
                            + " [{\"retain\": 9999}, {\"insert\": \"SECRET-BAD-DELTA\"}]}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(bad.statusCode() >= 400 && bad.statusCode() < 500, bad.body());
            return alice.secret();
        }
    }
}
