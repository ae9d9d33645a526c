package dev.quire.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 over a raw socket, one request per connection, for request lines no client library would send as
 * written: a library normalises dot segments, re-encodes escapes or refuses {@code ;} and {@code \}. Everything the
 * server answers is kept, so a test can require that a refusal carries no byte of a document. ({@link RawHttp} keeps
 * one connection for several requests with any {@code Host} or {@code Origin}.)
 */
public final class RawRequests {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a refused or answered exchange may take; a live upgrade is listened to for at most this long too. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private RawRequests() {
    }

    /**
     * What the server sent: the status, the head, and everything after it (the body, or for an accepted upgrade
     * every frame received until the welcome, the close or the timeout), as ISO-8859-1 so no byte is lost.
     */
    public record Reply(int status, String head, String rest) {
        /** Whether {@code text} (ASCII) appears anywhere in the answer. */
        public boolean contains(String text) {
            return head.contains(text) || rest.contains(text);
        }

        @Override
        public String toString() {
            return head.lines().findFirst().orElse("") + " / " + rest.length() + " more bytes";
        }
    }

    /**
     * Sends {@code method target} verbatim with {@code Connection: close}, an optional bearer credential and an
     * optional JSON body; reads the whole answer.
     */
    public static Reply request(URI server, String method, String target, String bearer, String jsonBody) {
        String body = jsonBody == null ? "" : jsonBody;
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host(server)
                + "\r\nConnection: close\r\n");
        if (bearer != null) {
            head.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        if (jsonBody != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        head.append("\r\n");
        return exchange(server, head + body, null);
    }

    /**
     * Sends a WebSocket upgrade of {@code target} verbatim, with the credential as a program sends it (or none). If
     * the server upgrades, sends {@code helloJson} as a masked text frame and keeps everything received until a
     * {@code welcome} shows or the server goes quiet - what a client would have learnt of the document.
     */
    public static Reply upgrade(URI server, String target, String bearer, String helloJson) {
        String head = "GET " + target + " HTTP/1.1\r\nHost: " + host(server) + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + "\r\n";
        return exchange(server, head, helloJson);
    }

    private static String host(URI server) {
        return server.getHost() + ":" + server.getPort();
    }

    private static Reply exchange(URI server, String request, String helloJson) {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            // 0: the server closed the connection without an answer.
            int status = head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : 0;
            String rest;
            if (status == 101) {
                if (helloJson != null) {
                    out.write(maskedTextFrame(helloJson));
                    out.flush();
                }
                rest = readUntil(in, "\"welcome\"");
            } else {
                rest = readBody(in, head);
            }
            return new Reply(status, head, rest);
        } catch (IOException e) {
            throw new UncheckedIOException(request.lines().findFirst().orElse(""), e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            head.append((char) c);
            if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                break;
            }
        }
        return head.toString();
    }

    private static String readBody(InputStream in, String head) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("\r\ncontent-length:");
        if (at >= 0) {
            int end = lower.indexOf("\r\n", at + 2);
            int length = Integer.parseInt(lower.substring(at + "\r\ncontent-length:".length(), end).strip());
            return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        }
        return readUntil(in, lower.contains("chunked") ? "\r\n0\r\n\r\n" : null);
    }

    /** Reads until {@code marker} has been seen (null: never), the end of the stream, or a quiet {@link #TIMEOUT}. */
    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder all = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                all.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (marker != null && all.indexOf(marker) >= 0) {
                    break;
                }
            }
        } catch (SocketTimeoutException quiet) {
            // Whatever came so far is the answer.
        }
        return all.toString();
    }

    private static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }
}
