package dev.quire.testkit;

import dev.quire.app.QuireApplication;
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
        this(config, webSockets, webhooks, AuthSettings.defaults());
    }

    private TestServer(ServerConfig config, WsSettings webSockets, WebhookSettings webhooks, AuthSettings auth)
            throws Exception {
        this.data = config.data();
        this.app = new QuireApplication(config, webSockets, webhooks, auth);
        app.start();
    }

    /** A server on loopback with these authentication settings (e.g. an admin token, a JWT secret). */
    public static TestServer withAuth(AuthSettings auth) {
        try {
            return new TestServer(new ServerConfig("127.0.0.1", 0, Files.createTempDirectory("quire-test")),
                    WsSettings.defaults(), WebhookSettings.defaults(), auth);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
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

    public Path data() {
        return data;
    }

    public WsTestClient client(String documentId, String clientId) {
        return new WsTestClient(clients, baseUri(), documentId, clientId);
    }

    /** A client that presents {@code credential} as the browser does: in the {@code access_token} query parameter. */
    public WsTestClient client(String documentId, String clientId, String credential) {
        return new WsTestClient(clients, baseUri(), documentId, clientId, credential);
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
