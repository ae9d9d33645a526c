package dev.quire.server;

import dev.quire.api.HealthResource;
import dev.quire.app.Logging;
import dev.quire.http.RestConfig;
import dev.quire.http.StaticFiles;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.jersey.server.ResourceConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Starts a real {@link QuireServer} on 127.0.0.1, port 0, with the test echo endpoint and resource. */
final class TestServer {

    private TestServer() {
    }

    static QuireServer start(StaticFiles web, ServerTuning tuning) throws IOException {
        Logging.routeJulToSlf4j();
        List<ServerEndpointConfig> endpoints = List.of(EchoEndpoint.config("/ws/echo", "echo:"));
        ResourceConfig rest = RestConfig.create()
                .register(new HealthResource())
                .register(new EchoResource("hello"));
        QuireServer server = new QuireServer("127.0.0.1", 0, endpoints, rest, web, tuning);
        server.start();
        return server;
    }

    static QuireServer start() throws IOException {
        return start(StaticFiles.fromClasspath(TestServer.class.getClassLoader(), "quire-web"), ServerTuning.defaults());
    }

    static URI ws(QuireServer server, String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    /** A response read off a raw socket, for requests no well-behaved client library would send. */
    record RawResponse(int status, String head, String body) {
    }

    /** Sends {@code requestTarget} verbatim in a GET with {@code Connection: close}; reads to end of stream. */
    static RawResponse rawGet(QuireServer server, String requestTarget) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + requestTarget + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int split = all.indexOf("\r\n\r\n");
            String head = split >= 0 ? all.substring(0, split) : all;
            String body = split >= 0 ? all.substring(split + 4) : "";
            int status = Integer.parseInt(head.substring(9, 12));
            return new RawResponse(status, head, body);
        }
    }
}
