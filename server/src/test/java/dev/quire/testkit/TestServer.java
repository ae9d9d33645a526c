package dev.quire.testkit;

import dev.quire.app.QuireApplication;
import dev.quire.app.SecurityLimits;
import dev.quire.auth.AuthSettings;
import dev.quire.app.ServerConfig;
import dev.quire.app.Settings;
import dev.quire.webhook.WebhookSettings;
import dev.quire.ws.WsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.glassfish.tyrus.client.ClientManager;

/** The real Quire server on a free port with a fresh data directory, plus a Tyrus client manager. */
public final class TestServer implements AutoCloseable {
    private final QuireApplication app;
    private final Path data;
    private final ClientManager clients = ClientManager.createClient();

    private TestServer(QuireApplication.Builder builder, Path data) throws Exception {
        this.data = data;
        this.app = builder.build();
        app.start();
    }

    /** Starts the application {@code builder} describes; {@code data} is the directory its config names. */
    private static TestServer start(QuireApplication.Builder builder, Path data) {
        try {
            return new TestServer(builder, data);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    /** The production defaults, on loopback, a free port and {@code data}: the application before any change. */
    private static QuireApplication.Builder on(Path data) {
        return on(new ServerConfig("127.0.0.1", 0, data));
    }

    private static QuireApplication.Builder on(ServerConfig config) {
        return QuireApplication.builder(config);
    }

    /** A server with its own abuse limits (docs/security.md), e.g. a low rate limit or connection cap. */
    public static TestServer start(SecurityLimits limits) {
        Path data = tempDir();
        return start(on(data).limits(limits), data);
    }

    /** A server with its own settings (e.g. a public URL) and abuse limits. */
    public static TestServer start(ServerConfig config, SecurityLimits limits) {
        return start(on(config).limits(limits), config.data());
    }

    /** A server with its own settings, abuse limits and authentication. */
    public static TestServer start(ServerConfig config, SecurityLimits limits, AuthSettings auth) {
        return start(on(config).limits(limits).auth(auth), config.data());
    }

    /** A server with its own WebSocket timings and abuse limits. */
    public static TestServer start(WsSettings webSockets, SecurityLimits limits) {
        Path data = tempDir();
        return start(on(data).webSockets(webSockets).limits(limits), data);
    }

    /** A server on loopback with these authentication settings (e.g. an admin token, a JWT secret). */
    public static TestServer withAuth(AuthSettings auth) {
        Path data = tempDir();
        return start(on(data).auth(auth), data);
    }

    /** A server on loopback with its own abuse limits and authentication settings. */
    public static TestServer start(SecurityLimits limits, AuthSettings auth) {
        Path data = tempDir();
        return start(on(data).limits(limits).auth(auth), data);
    }

    /**
     * A server with these authentication settings and abuse limits whose webhooks may go to a receiver on loopback
     * (retried at once), for tests that check what a credential can and cannot make happen.
     */
    public static TestServer withAuth(AuthSettings auth, SecurityLimits limits) {
        Path data = tempDir();
        return start(on(privateWebhooks(data)).webhookTimings(FAST_WEBHOOKS).limits(limits).auth(auth), data);
    }

    /** A fresh, empty data directory. */
    public static Path tempDir() {
        try {
            return Files.createTempDirectory("quire-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Webhook retries after 50 ms each, no jitter, polled every 50 ms: a failing receiver is retried at once. */
    public static final WebhookSettings FAST_WEBHOOKS = WebhookSettings.defaults().toBuilder()
            .retrySchedule(List.of(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50))).jitter(0)
            .maxConcurrency(4).pollInterval(Duration.ofMillis(50))
            .build();

    /**
     * A server whose webhook endpoints may be on loopback ({@code --webhooks-allow-private}), for tests with a real
     * receiver on 127.0.0.1; on {@code data}, or a fresh directory when null.
     */
    public static TestServer allowingPrivateWebhooks(Path data) {
        Path dir = data != null ? data : tempDir();
        return start(on(privateWebhooks(dir)).webhookTimings(FAST_WEBHOOKS), dir);
    }

    /**
     * A server with these authentication settings whose webhook endpoints may be on loopback, for tests of who may
     * manage webhooks with a real receiver on 127.0.0.1.
     */
    public static TestServer withAuthAllowingPrivateWebhooks(AuthSettings auth) {
        Path data = tempDir();
        return start(on(privateWebhooks(data)).webhookTimings(FAST_WEBHOOKS).auth(auth), data);
    }

    /** Loopback, a free port, {@code data}, and webhook endpoints on loopback allowed. */
    private static ServerConfig privateWebhooks(Path data) {
        return new ServerConfig("127.0.0.1", 0, data).with(Settings.WEBHOOKS_ALLOW_PRIVATE, true);
    }

    /** A server with its own WebSocket settings, e.g. a short heartbeat. */
    public static TestServer start(WsSettings webSockets) {
        Path data = tempDir();
        return start(on(data).webSockets(webSockets), data);
    }

    public static TestServer start() {
        Path data = tempDir();
        return start(on(data), data);
    }

    /** A server on an existing data directory (a restart). */
    public static TestServer startOn(Path data) {
        return start(on(data), data);
    }

    public URI baseUri() {
        return app.baseUri();
    }

    /** Open WebSocket sessions on the server. */
    public int openWebSocketCount() {
        return app.openWebSocketCount();
    }

    public Path data() {
        return data;
    }

    /** A client of the document; {@code label} names it in the test (the server gives it its client id). */
    public WsTestClient client(String documentId, String label) {
        return new WsTestClient(clients, baseUri(), documentId, label);
    }

    /** Starts draining as a stop does first: {@code /health/ready} answers 503 while everything else still works. */
    public void beginDraining() {
        app.beginDraining();
    }

    /** A client that presents {@code credential} as the browser does: in the {@code access_token} query parameter. */
    public WsTestClient client(String documentId, String label, String credential) {
        return new WsTestClient(clients, baseUri(), documentId, label, credential);
    }

    /** Stops the server gracefully (clients see 1001). */
    public void stop() {
        app.stop();
    }

    @Override
    public void close() {
        app.close();
        clients.shutdown();
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
