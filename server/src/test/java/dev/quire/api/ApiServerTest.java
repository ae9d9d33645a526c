package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.testkit.TestServer;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh real server per test with an HTTP client of one version, and creating a document over REST. */
abstract class ApiServerTest {
    private final HttpClient.Version version;
    TestServer server;
    Http http;

    ApiServerTest(HttpClient.Version version) {
        this.version = version;
    }

    @BeforeEach
    void startServer() {
        server = TestServer.start();
        http = new Http(server.baseUri(), version);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Creates a document holding {@code text} and returns its id. */
    String create(String text) {
        Http.Reply reply = http.json("POST", "/api/documents", "{\"text\":" + WsJson.quote(text) + "}");
        assertEquals(201, reply.status(), reply::toString);
        return reply.json().get("id").asText();
    }
}
