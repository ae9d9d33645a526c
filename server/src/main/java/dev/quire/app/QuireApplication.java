package dev.quire.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.api.ApiSettings;
import dev.quire.api.AuthFilter;
import dev.quire.api.MeResource;
import dev.quire.api.ShareLinksResource;
import dev.quire.api.TokensResource;
import dev.quire.auth.AccessGrants;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.Authenticator;
import dev.quire.auth.Revocations;
import dev.quire.api.DocumentsResource;
import dev.quire.api.HealthResource;
import dev.quire.api.OpenApiResource;
import dev.quire.api.WebhooksResource;
import dev.quire.collab.DocumentHubs;
import dev.quire.collab.HubSettings;
import dev.quire.protocol.DeltaJsonModule;
import dev.quire.protocol.ProtocolCodec;
import dev.quire.store.DocumentStore;
import dev.quire.store.sqlite.SqliteDocumentStore;
import dev.quire.webhook.WebhookSettings;
import dev.quire.webhook.Webhooks;
import dev.quire.ws.DocumentSocket;
import dev.quire.ws.HandshakeAuth;
import dev.quire.ws.WsSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds Quire from its parts with plain constructors - the one place that knows them all - and runs it.
 *
 * <p>Construction order follows the dependency arrows of DESIGN.md §2: storage, then the collaboration hub on
 * top of it, then the transports (WebSocket endpoint, REST resources) that call the hub, then the server.
 * Stop runs in reverse: the server stops accepting, the hub and storage are drained, sockets are closed.
 */
public final class QuireApplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QuireApplication.class);

    private final ServerConfig config;
    private final DocumentStore store;
    private final Webhooks webhooks;
    private final ExecutorService hubPool;
    private final ScheduledExecutorService timers;
    private final DocumentHubs hubs;
    private final QuireServer server;

    /** Quire with the default WebSocket limits and timings. */
    public QuireApplication(ServerConfig config) throws ServerConfig.InvalidSettingException, IOException {
        this(config, WsSettings.defaults());
    }

    /**
     * @throws ServerConfig.InvalidSettingException if the data directory cannot be created or is not a directory
     * @throws IOException                          if the web client's files cannot be read
     */
    public QuireApplication(ServerConfig config, WsSettings webSockets)
            throws ServerConfig.InvalidSettingException, IOException {
        this(config, webSockets, WebhookSettings.defaults());
    }

    /**
     * With webhook timings of the caller's (tests: a retry schedule of milliseconds); {@code config} still decides
     * whether private targets are allowed.
     */
    public QuireApplication(ServerConfig config, WsSettings webSockets, WebhookSettings webhookTimings)
            throws ServerConfig.InvalidSettingException, IOException {
        this(config, webSockets, webhookTimings, AuthSettings.defaults());
    }

    /**
     * With authentication settings (docs/security.md).
     *
     * @throws AuthSettings.InsecureBindException if {@code config.host()} is not a loopback address and no
     *                                            authentication is configured (nor open access on purpose)
     * @throws IllegalArgumentException           if a configured JWT key file cannot be read (the message names it)
     */
    public QuireApplication(ServerConfig config, WsSettings webSockets, WebhookSettings webhookTimings,
                            AuthSettings authSettings) throws ServerConfig.InvalidSettingException, IOException {
        this.config = config;
        // Before anything is opened: an exposed server without auth is refused, not started and then regretted.
        authSettings.checkBind(config.host()).ifPresent(log::warn);
        Path data = ensureDirectory(config.data());

        // --- storage (store) --------------------------------------------------------------------------------
        // SQLite in the data directory (data/quire.db): WAL, synchronous=FULL, schema by Flyway at open.
        SqliteDocumentStore sqlite = SqliteDocumentStore.inDirectory(data);
        this.store = sqlite;
        // Microsecond ticks: what the store keeps (and PostgreSQL would), so a time read from a loaded
        // document is the same before and after a restart.
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

        // --- webhooks (webhook) ---------------------------------------------------------------------------
        // Endpoints and outbox live in the same file, on the same writer, so a save and its deliveries are one
        // transaction. Payload URLs use --public-url, else the server's own address (known once it listens).
        WebhookSettings webhookSettings = webhookTimings.withAllowPrivateTargets(config.webhooksAllowPrivate());
        this.webhooks = new Webhooks(sqlite.webhooks(), webhookSettings, clock,
                () -> config.publicUrl() != null ? config.publicUrl() : baseUri());

        // --- collaboration (collab) -----------------------------------------------------------------------
        this.hubPool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                Threads.named("quire-hub"));
        this.timers = Executors.newSingleThreadScheduledExecutor(Threads.named("quire-timer"));
        this.hubs = new DocumentHubs(store, hubPool, timers, clock, HubSettings.defaults(),
                new WebhookOutboxFactory(webhooks));

        // --- who may do what (auth) -----------------------------------------------------------------------
        // API tokens and share links live in the same file; only their hashes are stored.
        Revocations revocations = new Revocations();
        AccessGrants grants = new AccessGrants(sqlite.accessGrants(), clock, revocations);
        Authenticator authenticator = new Authenticator(authSettings, sqlite.accessGrants(), clock);

        // --- transports (ws, api) -------------------------------------------------------------------------
        ObjectMapper json = new ObjectMapper().registerModule(new DeltaJsonModule());
        List<ServerEndpointConfig> endpoints = new ArrayList<>();
        endpoints.add(DocumentSocket.endpointConfig(hubs, new ProtocolCodec(json), webSockets, timers,
                new HandshakeAuth(authenticator, revocations, clock)));

        ResourceConfig rest = RestConfig.create();
        rest.register(new AuthFilter(authenticator));
        rest.register(new MeResource());
        rest.register(new TokensResource(grants));
        rest.register(new ShareLinksResource(grants));
        rest.register(new HealthResource());
        rest.register(new DocumentsResource(hubs, store, json, ApiSettings.defaults()));
        rest.register(new OpenApiResource());
        rest.register(new WebhooksResource(webhooks.registry()));

        this.server = new QuireServer(config.host(), config.port(), endpoints, rest,
                StaticFiles.fromClasspath(QuireApplication.class.getClassLoader(), "quire-web"),
                ServerTuning.defaults());
        log.debug("data directory {}", data);
    }

    /** Starts listening. @throws IOException if the address cannot be bound (the message names it) */
    public void start() throws IOException {
        server.start();
        // After the server listens: payload URLs may need its address, and deliveries left pending by the
        // previous run (a crash, a restart) resume now.
        webhooks.start();
    }

    /** {@code http://host:port/} with the actual port; valid after {@link #start()}. */
    public URI baseUri() {
        return server.baseUri();
    }

    /** Graceful, bounded stop; safe to call more than once and from a shutdown hook. */
    public void stop() {
        server.stop(this::drain);
    }

    @Override
    public void close() {
        stop();
    }

    /** Runs after the server stopped accepting and before WebSockets are closed. */
    private void drain() {
        try {
            // Pending commits finish and are acknowledged before sessions are told to go away.
            hubs.shutdown().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("documents did not drain cleanly: {}", e.toString());
        }
        timers.shutdownNow();
        hubPool.shutdown();
        // Before the store closes: attempts in flight record their outcome; what is pending stays for next time.
        webhooks.stop(Duration.ofSeconds(5));
        store.close();
    }

    /**
     * A configurator that hands Tyrus {@code instance} for every connection, so endpoints can take their
     * collaborators by constructor. The instance must be thread-safe (all sessions share it).
     */
    public static ServerEndpointConfig.Configurator instance(Object instance) {
        return new ServerEndpointConfig.Configurator() {
            @Override
            public <T> T getEndpointInstance(Class<T> endpointClass) {
                return endpointClass.cast(instance);
            }
        };
    }

    private static Path ensureDirectory(Path dir) throws ServerConfig.InvalidSettingException {
        try {
            return Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            throw new ServerConfig.InvalidSettingException(
                    "--data / QUIRE_DATA: cannot use '" + dir + "' as data directory: " + e);
        }
    }
}
