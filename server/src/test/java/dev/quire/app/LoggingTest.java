package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/** Logging set-up: JUL bridged into Logback, text and JSON lines on stderr, settings parsed precisely. */
class LoggingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void restoreDefaults() {
        Logging.configure(LogSettings.defaults());
        MDC.clear();
    }

    @Test
    void julRecord_reachesLogback() {
        Logging.routeJulToSlf4j();
        Logger target = (Logger) LoggerFactory.getLogger("quire.test.jul");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        target.addAppender(captured);
        try {
            java.util.logging.Logger.getLogger("quire.test.jul").warning("a record from java.util.logging");
        } finally {
            target.detachAppender(captured);
        }
        assertEquals(1, captured.list.size());
        assertEquals("a record from java.util.logging", captured.list.get(0).getFormattedMessage());
        assertEquals(ch.qos.logback.classic.Level.WARN, captured.list.get(0).getLevel());
    }

    @Test
    void jsonFormat_writesOneParseableObjectPerLine_withContextAndException() throws Exception {
        String err = stderrOf(() -> {
            Logging.configure(LogSettings.defaults().withFormat(LogFormat.JSON));
            MDC.put("conn", "c7");
            MDC.put("doc", "notes");
            org.slf4j.Logger log = LoggerFactory.getLogger("dev.quire.test.json");
            log.info("two\nlines \"quoted\"");
            log.warn("failed", new IllegalStateException("boom"));
        });
        String[] lines = err.strip().split("\n");
        assertEquals(2, lines.length, err);
        JsonNode first = JSON.readTree(lines[0]);
        assertEquals("INFO", first.get("level").asText());
        assertEquals("dev.quire.test.json", first.get("logger").asText());
        assertEquals("two\nlines \"quoted\"", first.get("message").asText());
        assertEquals("c7", first.get("conn").asText());
        assertEquals("notes", first.get("doc").asText());
        assertTrue(first.get("time").asText().endsWith("Z"));
        assertTrue(first.has("thread"));
        JsonNode second = JSON.readTree(lines[1]);
        assertTrue(second.get("exception").asText().startsWith("java.lang.IllegalStateException: boom"));
    }

    @Test
    void textFormat_writesOneLinePerEvent_withTheContextInBrackets() {
        String err = stderrOf(() -> {
            Logging.configure(LogSettings.defaults());
            org.slf4j.Logger log = LoggerFactory.getLogger("dev.quire.test.text");
            log.info("without context");
            MDC.put("req", "r1");
            log.info("with context");
        });
        String[] lines = err.strip().split("\n");
        assertEquals(2, lines.length, err);
        assertTrue(lines[0].matches("\\S+ INFO  \\[.+] dev\\.quire\\.test\\.text - without context"), lines[0]);
        assertTrue(lines[1].matches("\\S+ INFO  \\[.+] dev\\.quire\\.test\\.text \\[req=r1] - with context"), lines[1]);
    }

    @Test
    void level_dropsLessSevereEvents() {
        String err = stderrOf(() -> {
            Logging.configure(LogSettings.defaults().withLevel(Level.WARN));
            org.slf4j.Logger log = LoggerFactory.getLogger("dev.quire.test.level");
            log.info("dropped");
            log.warn("kept");
        });
        assertFalse(err.contains("dropped"), err);
        assertTrue(err.contains("kept"), err);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Level.class, names = {"TRACE", "DEBUG", "INFO"})
    void verboseLevels_applyToQuireOnly_librariesStayAtWarn(Level level) {
        Logging.configure(LogSettings.defaults().withLevel(level));

        assertTrue(LoggerFactory.getLogger("dev.quire.test.level").isEnabledForLevel(level));
        // The SQLite driver traces every statement; the JDK's HTTP client and TLS stack dump certificates and frames.
        for (String library : List.of("org.sqlite.core.NativeDB", "jdk.internal.httpclient.debug",
                "jdk.event.security", "sun.security.x509", "javax.net.ssl", "org.glassfish.grizzly", "com.nimbusds",
                "io.micrometer", "org.flywaydb.core", "some.library.we.do.not.know")) {
            assertFalse(LoggerFactory.getLogger(library).isInfoEnabled(), library + " below WARN at " + level);
            assertTrue(LoggerFactory.getLogger(library).isWarnEnabled(), library + " keeps its warnings");
            assertFalse(java.util.logging.Logger.getLogger(library).isLoggable(java.util.logging.Level.INFO),
                    library + " through java.util.logging at " + level);
            assertFalse(System.getLogger(library).isLoggable(System.Logger.Level.DEBUG),
                    library + " through System.Logger at " + level);
        }
    }

    @Test
    void errorLevel_appliesToLibrariesToo() {
        Logging.configure(LogSettings.defaults().withLevel(Level.ERROR));

        assertFalse(LoggerFactory.getLogger("dev.quire.test.level").isWarnEnabled());
        assertFalse(LoggerFactory.getLogger("org.sqlite.core.NativeDB").isWarnEnabled());
        assertTrue(LoggerFactory.getLogger("org.sqlite.core.NativeDB").isErrorEnabled());
    }

    @Test
    void traceLevel_aServerSessionLogsNothingBelowWarnFromLibraries() throws Exception {
        Logging.configure(LogSettings.defaults().withLevel(Level.TRACE));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        try (dev.quire.testkit.TestServer server = dev.quire.testkit.TestServer.start()) {
            java.net.http.HttpResponse<String> created = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                    .send(java.net.http.HttpRequest.newBuilder(server.baseUri().resolve("/api/documents"))
                                    .header("Content-Type", "application/json")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"title\":\"t\"}")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
        } finally {
            root.detachAppender(captured);
        }
        List<ILoggingEvent> events;
        synchronized (captured.list) {
            events = new java.util.ArrayList<>(captured.list);
        }
        assertTrue(events.stream().anyMatch(e -> e.getLoggerName().startsWith("dev.quire")
                && e.getLevel() == ch.qos.logback.classic.Level.DEBUG), "Quire's own DEBUG lines are written");
        List<String> libraryLines = events.stream()
                .filter(e -> !e.getLoggerName().startsWith("dev.quire"))
                .filter(e -> !e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage())
                .limit(5).toList();
        assertEquals(List.of(), libraryLines);
    }

    @Test
    void settings_parseFormatAndLevel_andNameWhatIsAccepted() {
        assertEquals(LogFormat.JSON, LogFormat.parse(" JSON "));
        assertEquals(LogFormat.TEXT, LogFormat.parse("text"));
        assertEquals(Level.DEBUG, LogSettings.parseLevel("debug"));
        assertEquals("must be text or json, got 'xml'",
                assertThrows(IllegalArgumentException.class, () -> LogFormat.parse("xml")).getMessage());
        assertEquals("must be one of trace, debug, info, warn, error, got 'loud'",
                assertThrows(IllegalArgumentException.class, () -> LogSettings.parseLevel("loud")).getMessage());
    }

    @Test
    void jsonEncoder_keepsFixedFieldsWhenTheContextUsesTheirNames() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("quire.test"), ch.qos.logback.classic.Level.INFO,
                "real message", null, null);
        event.setMDCPropertyMap(Map.of("message", "from the context"));
        JsonLinesEncoder encoder = new JsonLinesEncoder();
        encoder.setContext(context);
        encoder.start();
        JsonNode line = JSON.readTree(new String(encoder.encode(event), StandardCharsets.UTF_8));
        assertEquals("real message", line.get("message").asText());
        assertEquals("from the context", line.get("mdc.message").asText());
    }

    /** What {@code action} wrote to {@code System.err} (Logback's console appender writes to the current one). */
    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
