package dev.quire.testkit;

import dev.quire.app.QuireApplication;
import dev.quire.app.SecurityLimits;
import dev.quire.auth.AuthSettings;
import dev.quire.app.ServerConfig;
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

    private TestServer(Path data, WsSettings webSockets) throws Exception {
        this(new ServerConfig("127.0.0.1", 0, data), webSockets);
    }

    private TestServer(ServerConfig config, WsSettings webSockets) throws Exception {
        this(config, webSockets, WebhookSettings.defaults());
    }

    private TestServer(ServerConfig config, WsSettings webSockets, WebhookSettings webhooks) throws Exception {
        this(config, webSockets, webhooks, SecurityLimits.defaults(), AuthSettings.defaults());
    }

    private TestServer(ServerConfig config, WsSettings webSockets, WebhookSettings webhooks, SecurityLimits limits,
                       AuthSettings auth) throws Exception {
        this.data = config.data();
        this.app = new QuireApplication(config, webSockets, webhooks, limits, auth);
        app.start();
    }

    /** A server with its own abuse limits (docs/security.md), e.g. a low rate limit or connection cap. */
    public static TestServer start(SecurityLimits limits) {
        return start(new ServerConfig("127.0.0.1", 0, tempDir()), limits);
    }

    /** A server with its own settings (e.g. a public URL) and abuse limits. */
    public static TestServer start(ServerConfig config, SecurityLimits limits) {
        try {
            return new TestServer(config, WsSettings.defaults(), WebhookSettings.defaults(), limits,
                    AuthSettings.defaults());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    /** A server with its own settings, abuse limits and authentication. */
    public static TestServer start(ServerConfig config, SecurityLimits limits, AuthSettings auth) {
        try {
            return new TestServer(config, WsSettings.defaults(), WebhookSettings.defaults(), limits, auth);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    /** A server with its own WebSocket timings and abuse limits. */
    public static TestServer start(WsSettings webSockets, SecurityLimits limits) {
        try {
            return new TestServer(new ServerConfig("127.0.0.1", 0, tempDir()), webSockets, WebhookSettings.defaults(),
                    limits, AuthSettings.defaults());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    /** A server on loopback with these authentication settings (e.g. an admin token, a JWT secret). */
    public static TestServer withAuth(AuthSettings auth) {
        try {
            return new TestServer(new ServerConfig("127.0.0.1", 0, tempDir()),
                    WsSettings.defaults(), WebhookSettings.defaults(), SecurityLimits.defaults(), auth);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    /** A server on loopback with its own abuse limits and authentication settings. */
    public static TestServer start(SecurityLimits limits, AuthSettings auth) {
        try {
            return new TestServer(new ServerConfig("127.0.0.1", 0, tempDir()),
                    WsSettings.defaults(), WebhookSettings.defaults(), limits, auth);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    /**
     * A server with these authentication settings and abuse limits whose webhooks may go to a receiver on loopback
     * (retried at once), for tests that check what a credential can and cannot make happen.
     */
    public static TestServer withAuth(AuthSettings auth, SecurityLimits limits) {
        try {
            return new TestServer(new ServerConfig("127.0.0.1", 0, tempDir()).withWebhooksAllowPrivate(true),
                    WsSettings.defaults(), FAST_WEBHOOKS, limits, auth);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
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
    public static final WebhookSettings FAST_WEBHOOKS = WebhookSettings.defaults()
            .withRetrySchedule(List.of(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50)), 0)
            .withConcurrency(4, Duration.ofMillis(50));

    /**
     * A server whose webhook endpoints may be on loopback ({@code --webhooks-allow-private}), for tests with a real
     * receiver on 127.0.0.1; on {@code data}, or a fresh directory when null.
     */
    public static TestServer allowingPrivateWebhooks(Path data) {
        try {
            Path dir = data != null ? data : Files.createTempDirectory("quire-test");
            return new TestServer(new ServerConfig("127.0.0.1", 0, dir).withWebhooksAllowPrivate(true),
                    WsSettings.defaults(), FAST_WEBHOOKS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    /**
     * A server with these authentication settings whose webhook endpoints may be on loopback, for tests of who may
     * manage webhooks with a real receiver on 127.0.0.1.
     */
    public static TestServer withAuthAllowingPrivateWebhooks(AuthSettings auth) {
        try {
            return new TestServer(new ServerConfig("127.0.0.1", 0, tempDir()).withWebhooksAllowPrivate(true),
                    WsSettings.defaults(), FAST_WEBHOOKS, SecurityLimits.defaults(), auth);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    /** A server with its own WebSocket settings, e.g. a short heartbeat. */
    public static TestServer start(WsSettings webSockets) {
        try {
            return new TestServer(Files.createTempDirectory("quire-test"), webSockets);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    public static TestServer start() {
        try {
            return new TestServer(Files.createTempDirectory("quire-test"), WsSettings.defaults());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    /** A server on an existing data directory (a restart). */
    public static TestServer startOn(Path data) {
        try {
            return new TestServer(data, WsSettings.defaults());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
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
