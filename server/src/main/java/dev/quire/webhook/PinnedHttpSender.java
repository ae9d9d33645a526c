package dev.quire.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal HTTP/1.1 client for webhook POSTs that connects to an address the {@link SsrfGuard} already checked.
 *
 * <p>Why not the JDK {@code HttpClient}: in Java 17 it always resolves the host itself (no resolver hook until
 * Java 18's {@code InetAddressResolverProvider}, and that one is JVM-wide), so between our check and its connect
 * the name could resolve elsewhere (DNS rebinding). Connecting it to an IP literal instead would need a {@code
 * Host} header, which it refuses unless the JVM-wide {@code jdk.httpclient.allowRestrictedHeaders} is set, and for
 * https it would check the certificate against the IP, not the name. Here the TCP connection goes to the checked
 * address, TLS sends the name as SNI and verifies the certificate against the name ({@code HTTPS} endpoint
 * identification, the JDK's default trust store), and {@code Host} carries the name: sound, with public APIs only.
 *
 * <p>What it does: one request per connection ({@code Connection: close}), {@code Content-Length} body, reads
 * the response head only (status and {@code Retry-After}; the body is not needed), skips 1xx heads. It never
 * follows a redirect: a 3xx is just a status. The whole attempt - connect, TLS, request, response head - is bounded
 * by the attempt timeout (each read waits at most the time left), and a head over 16 KiB is refused.
 * Thread-safe: no state besides its settings.
 */
final class PinnedHttpSender implements WebhookSender {

    private static final int MAX_HEAD_BYTES = 16 * 1024;

    private final SSLSocketFactory tls;
    private final Duration connectTimeout;
    private final Duration attemptTimeout;

    PinnedHttpSender(SSLSocketFactory tls, Duration connectTimeout, Duration attemptTimeout) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.attemptTimeout = attemptTimeout;
    }

    @Override
    public Result send(Request request) {
        long start = System.nanoTime();
        long deadline = start + attemptTimeout.toNanos();
        URI url = request.url();
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        String host = SsrfGuard.host(url);
        List<String> failures = new ArrayList<>();
        Socket raw = connect(request.addresses(), port, deadline, failures);
        if (raw == null) {
            return Result.failure("could not connect: " + String.join("; ", failures), since(start));
        }
        try (Socket socket = https ? handshake(raw, host, port, deadline) : raw) {
            socket.getOutputStream().write(head(url, host, request.headers(), request.body().length));
            socket.getOutputStream().write(request.body());
            socket.getOutputStream().flush();
            return readResponse(socket, deadline, start);
        } catch (SocketTimeoutException e) {
            return Result.failure("no response within " + attemptTimeout.toMillis() + " ms", since(start));
        } catch (SSLException e) {
            return Result.failure("TLS with " + host + " failed: " + e.getMessage(), since(start));
        } catch (IOException e) {
            return Result.failure("connection to " + host + " failed: " + e, since(start));
        } finally {
            closeQuietly(raw);
        }
    }

    /**
     * The first address that accepts, or null; {@code failures} gets what happened at each address tried (refused,
     * timed out, unreachable), so the delivery log says why, not only that, nothing answered.
     */
    private Socket connect(List<InetAddress> addresses, int port, long deadline, List<String> failures) {
        for (InetAddress address : addresses) {
            String target = address.getHostAddress() + ":" + port;
            long left = millisLeft(deadline);
            if (left <= 0) {
                failures.add(target + " not tried (the attempt's " + attemptTimeout.toMillis() + " ms were spent)");
                continue;
            }
            int timeout = (int) Math.min(left, connectTimeout.toMillis());
            long begun = System.nanoTime();
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), timeout);
                return socket;
            } catch (IOException e) {
                // Try the next address, as any client does; the error summary names them all.
                closeQuietly(socket);
                failures.add(target + " " + connectFailure(e, timeout) + " after " + since(begun).toMillis() + " ms");
            }
        }
        return null;
    }

    private static String connectFailure(IOException e, int timeout) {
        if (e instanceof SocketTimeoutException) {
            return "timed out (no answer within " + timeout + " ms)";
        }
        if (e instanceof ConnectException) {
            return "refused the connection";
        }
        if (e instanceof NoRouteToHostException) {
            return "is unreachable (no route to host)";
        }
        return "failed (" + e.getMessage() + ")";
    }

    private Socket handshake(Socket raw, String host, int port, long deadline) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(raw, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!SsrfGuard.isLiteral(host)) { // SNI carries names, never IP literals
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(Math.max(1, (int) millisLeft(deadline)));
        ssl.startHandshake();
        return ssl;
    }

    private static byte[] head(URI url, String host, Map<String, String> headers, int length) {
        String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() != null ? "?" + url.getRawQuery() : "");
        StringBuilder head = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n");
        String hostHeader = host.contains(":") ? "[" + host + "]" : host;
        head.append("Host: ").append(hostHeader).append(url.getPort() != -1 ? ":" + url.getPort() : "").append("\r\n");
        headers.forEach((name, value) -> {
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + name + " contains a line break");
            }
            head.append(name).append(": ").append(value).append("\r\n");
        });
        head.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Result readResponse(Socket socket, long deadline, long start) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[2048];
        int consumed = 0;
        while (true) {
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n", consumed);
            if (end >= 0) {
                String head = text.substring(consumed, end);
                int status = status(head);
                if (status >= 200 || status == 101) {
                    return new Result(status, header(head, "retry-after"), since(start), null);
                }
                consumed = end + 4; // 1xx informational: the real response follows
                continue;
            }
            if (received.size() > MAX_HEAD_BYTES) {
                return Result.failure("response head over " + MAX_HEAD_BYTES + " bytes", since(start));
            }
            long left = millisLeft(deadline);
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            socket.setSoTimeout((int) left);
            int n = in.read(buffer);
            if (n < 0) {
                return Result.failure(received.size() == 0 ? "connection closed without a response"
                        : "connection closed in the middle of the response head", since(start));
            }
            received.write(buffer, 0, n);
        }
    }

    private static int status(String head) throws IOException {
        String line = head.lines().findFirst().orElse("");
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
            throw new IOException("not an HTTP/1.x response: '" + abbreviate(line) + "'");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: '" + abbreviate(line) + "'");
        }
    }

    private static String header(String head, String name) {
        return head.lines().skip(1)
                .filter(line -> line.indexOf(':') > 0
                        && line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT).equals(name))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse(null);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private static long millisLeft(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing after the outcome is known: nothing depends on it.
        }
    }
}
