package dev.quire.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests client libraries will not send: any {@code Host} (or none), any
 * {@code Origin}, a WebSocket upgrade whose refusal is read like any response. One connection, several requests in
 * turn (keep-alive); a response is read by its {@code Content-Length}.
 */
public final class RawHttp implements Closeable {
    private final Socket socket;
    private final InputStream in;

    public RawHttp(int port) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
    }

    /** A response: status, headers (names in lower case) and body. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public JsonNode json() {
            try {
                return WsTestClient.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + this, e);
            }
        }
    }

    /**
     * Sends {@code head} (request line and header lines, each ending in CRLF, without the blank line) and {@code body}
     * (may be empty; {@code Content-Length} is added when it is not), and reads the response.
     */
    public Response exchange(String head, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String lengthHeader = bytes.length > 0 ? "Content-Length: " + bytes.length + "\r\n" : "";
        socket.getOutputStream().write((head + lengthHeader + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return read();
    }

    /** {@code method target} with these header lines ({@code "Name: value"}; a null {@code host}: no Host line). */
    public Response send(String method, String target, String host, String body, String... headers)
            throws IOException {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        if (host != null) {
            head.append("Host: ").append(host).append("\r\n");
        }
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return exchange(head.toString(), body);
    }

    /** A WebSocket upgrade of {@code path} with this {@code Host} and {@code Origin} (null: none). */
    public Response upgrade(String path, String host, String origin) throws IOException {
        List<String> headers = new ArrayList<>(List.of("Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"));
        if (origin != null) {
            headers.add("Origin: " + origin);
        }
        return send("GET", path, host, "", headers.toArray(String[]::new));
    }

    private Response read() throws IOException {
        String statusLine = line();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(),
                    (a, b) -> a + ", " + b);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        String length = headers.get("content-length");
        byte[] body = status == 101 || length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-response: " + line);
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
