package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * JSON bodies past the parser's limits (nesting depth, number length) are the client's mistake: 400 problem+json
 * {@code invalid_json} naming the limit, on resources that read bodies themselves and on those that take them from
 * Jersey's JSON provider alike, and nothing is logged at ERROR or with a stack trace.
 */
class JsonReadLimitsTest {
    private static TestServer server;
    private static Http http;
    private static String document;
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = new Http(server.baseUri(), HttpClient.Version.HTTP_1_1);
        Http.Reply created = http.json("POST", "/api/documents", "{\"title\":\"limits\"}");
        assertEquals(201, created.status(), created::toString);
        document = created.json().path("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void capture() {
        captured.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(captured);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(captured);
    }

    static Stream<Arguments> bodies() {
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        String longNumber = "1".repeat(100_000);
        List<Arguments> cases = new ArrayList<>();
        for (String[] target : new String[][] {
                {"POST", "/api/documents"}, {"PATCH", "/api/documents/" + document}, {"POST", "/api/tokens"},
                {"POST", "/api/webhooks"}, {"POST", "/api/documents/" + document + "/share-links"}}) {
            cases.add(Arguments.of(target[0], target[1], "{\"title\":" + deep + "}", "nesting depth"));
            cases.add(Arguments.of(target[0], target[1], "{\"title\":" + longNumber + "}", "Number value length"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"nesting depth, 1001, 1000", "Number value length, 100000, 1000"})
    void webSocketFrame_pastTheSameLimit_isInvalidJson_inTheSameWords(String named, String got, String limit) {
        String value = named.startsWith("nesting") ? "[".repeat(1_001) + "]".repeat(1_001) : "1".repeat(100_000);
        try (WsTestClient client = server.client(document, "limits").connect().join()) {
            JsonNode error = client.nextOfType("error",
                    () -> client.send("{\"type\":\"presence\",\"selection\":" + value + "}"));

            assertEquals("invalid_json", error.path("code").asText(), error::toString);
            assertTrue(error.path("message").asText().endsWith(
                    named + " (" + got + ") exceeds the maximum allowed (" + limit + ")"), error::toString);
        }
        Http.Reply reply = http.json("PATCH", "/api/documents/" + document, "{\"title\":" + value + "}");
        assertTrue(reply.json().path("detail").asText().contains(
                named + " (" + got + ") exceeds the maximum allowed (" + limit + ")"), reply::toString);
    }

    @ParameterizedTest(name = "{0} {1}: {3}")
    @MethodSource("bodies")
    void bodyPastAParserLimit_is400InvalidJson_andLogsNoStackTrace(String method, String path, String body,
                                                                   String named) {
        Http.Reply reply = http.json(method, path, body);

        assertEquals(400, reply.status(), reply::toString);
        assertEquals("application/problem+json", reply.contentType(), reply::toString);
        JsonNode problem = reply.json();
        assertEquals("invalid_json", problem.path("code").asText(), reply::toString);
        assertTrue(problem.path("detail").asText().contains(named), reply::toString);
        assertFalse(problem.path("detail").asText().contains("StreamReadConstraints"), reply::toString);
        List<ILoggingEvent> events;
        synchronized (captured.list) {
            events = new ArrayList<>(captured.list);
        }
        for (ILoggingEvent event : events) {
            assertFalse(event.getLevel().isGreaterOrEqual(Level.ERROR) || event.getThrowableProxy() != null,
                    () -> "logged " + event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
                            + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getClassName()));
        }
    }
}
