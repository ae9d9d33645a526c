package dev.quire.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.api.ApiSettings;
import dev.quire.api.BackupsResource;
import dev.quire.api.AuthFilter;
import dev.quire.api.MeResource;
import dev.quire.api.ShareLinksResource;
import dev.quire.api.TokensResource;
import dev.quire.auth.AccessGrants;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.JwtRules;
import dev.quire.auth.Authenticator;
import dev.quire.auth.Revocations;
import dev.quire.api.DocumentsResource;
import dev.quire.api.HealthResource;
import dev.quire.api.OpenApiResource;
import dev.quire.api.RequestBodyLimit;
import dev.quire.api.WebhooksResource;
import dev.quire.collab.ByteLimits;
import dev.quire.collab.DocumentHubs;
import dev.quire.collab.HubMetrics;
import dev.quire.collab.HubSettings;
import dev.quire.metrics.MetricsSettings;
import dev.quire.metrics.QuireMetrics;
import dev.quire.protocol.QuireJson;
import dev.quire.protocol.ProtocolCodec;
import dev.quire.store.DocumentStore;
import dev.quire.store.PrivateFiles;
import dev.quire.store.StorageMetrics;
import dev.quire.store.sqlite.SqliteBackups;
import dev.quire.store.sqlite.SqliteDocumentStore;
import dev.quire.store.sqlite.SqliteSettings;
import dev.quire.webhook.DeliveryMetrics;
import dev.quire.webhook.WebhookSettings;
import dev.quire.webhook.Webhooks;
import dev.quire.ws.ConnectionMetrics;
import dev.quire.ws.DocumentSocket;
import dev.quire.ws.SendLanes;
import dev.quire.ws.WsLimits;
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
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds Quire from its parts with plain constructors - the one place that knows them all - and runs it.
 *
 * <p>Construction order follows the dependency arrows of docs/architecture.md ("Packages"): storage, then the
 * collaboration hub on top of it, then the transports (WebSocket endpoint, REST resources) that call the hub, then the
 * server. Stop runs in reverse: the server stops accepting, the hub and storage are drained, sockets are closed.
 *
 * <p>The data directory is locked ({@link DataDirectoryLock}) from construction until stop, so a second server
 * or an offline restore on it fails at once.
 */
public final class QuireApplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QuireApplication.class);

    private final ServerConfig config;
    private final OperationsSettings operations;
    private final DataDirectoryLock lock;
    private final DocumentStore store;
    private final Webhooks webhooks;
    private final ExecutorService hubPool;
    private final SendLanes sendLanes;
    private final ScheduledExecutorService timers;
    private final DocumentHubs hubs;
    private final QuireServer server;
    private final QuireMetrics metrics;
    /** What the REST application registered, resources and providers alike. */
    private final Set<Class<?>> restClasses;
    /** False until {@link #start()} returned and again from the moment a stop begins: {@code /health/ready}. */
    private volatile boolean ready;
    private final AtomicBoolean drained = new AtomicBoolean();

    /** Quire with the default WebSocket limits and timings. */
    public QuireApplication(ServerConfig config) throws ServerConfig.InvalidSettingException, IOException {
        this(config, WsSettings.defaults().withMaxMessageBytes(Math.toIntExact(config.get(Settings.WS_MAX_MESSAGE))));
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
        this(config, webSockets, webhookTimings, securityLimits(config), authSettings(config));
    }

    /** The abuse limits as configured (docs/security.md). */
    static SecurityLimits securityLimits(ServerConfig config) {
        WsLimits webSocket = WsLimits.defaults()
                .withMessageRate(config.get(Settings.WS_MESSAGES_PER_SECOND), config.get(Settings.WS_MESSAGE_BURST))
                .withMaxRateLimited(config.get(Settings.WS_MAX_RATE_LIMITED))
                .withMaxConnectionsPerAddress(config.get(Settings.WS_MAX_CONNECTIONS_PER_ADDRESS))
                .withMaxConnectionsPerDocument(config.get(Settings.WS_MAX_CONNECTIONS_PER_DOCUMENT))
                .withHelloTimeout(config.get(Settings.WS_HELLO_TIMEOUT))
                .withMaxBytesBeforeHello(Math.toIntExact(config.get(Settings.WS_MAX_BYTES_BEFORE_HELLO)));
        HttpHardening http = new HttpHardening(config.get(Settings.WS_ALLOWED_ORIGINS),
                config.get(Settings.FRAME_ANCESTORS), config.get(Settings.API_REQUESTS_PER_SECOND),
                config.get(Settings.API_REQUEST_BURST), config.get(Settings.ALLOWED_HOSTS));
        return new SecurityLimits(webSocket, http, config.get(Settings.MAX_DOCUMENT_LENGTH),
                Math.toIntExact(config.get(Settings.MAX_REQUEST_BODY)));
    }

    /** Authentication as configured (docs/security.md). */
    static AuthSettings authSettings(ServerConfig config) {
        return new AuthSettings(config.get(Settings.ADMIN_TOKEN), config.get(Settings.JWT_HMAC_SECRET),
                config.get(Settings.JWT_PUBLIC_KEY), config.get(Settings.JWT_JWKS_FILE),
                config.get(Settings.OPEN_ACCESS), new JwtRules(config.get(Settings.JWT_ISSUER),
                config.get(Settings.JWT_AUDIENCE), config.get(Settings.JWT_MAX_LIFETIME),
                config.get(Settings.JWT_CLOCK_SKEW)));
    }

    /** With the abuse limits of the caller's (rates, connection caps, sizes, origins, headers: docs/security.md). */
    public QuireApplication(ServerConfig config, WsSettings webSockets, WebhookSettings webhookTimings,
                            SecurityLimits limits) throws ServerConfig.InvalidSettingException, IOException {
        this(config, webSockets, webhookTimings, limits, authSettings(config));
    }

    /** With authentication settings of the caller's (tests: an admin token, a JWT secret). */
    public QuireApplication(ServerConfig config, WsSettings webSockets, WebhookSettings webhookTimings,
                            AuthSettings authSettings) throws ServerConfig.InvalidSettingException, IOException {
        this(config, webSockets, webhookTimings, securityLimits(config), authSettings);
    }

    /**
     * Everything given: WebSocket timings, webhook timings, abuse limits and authentication.
     *
     * @throws AuthSettings.InsecureBindException if {@code config.host()} is not a loopback address and no
     *                                            authentication is configured (nor open access on purpose)
     * @throws DataDirectoryLock.InUseException   if another server (or a restore) holds the data directory
     */
    public QuireApplication(ServerConfig config, WsSettings webSockets, WebhookSettings webhookTimings,
                            SecurityLimits limits, AuthSettings authSettings)
            throws ServerConfig.InvalidSettingException, IOException {
        this.config = config;
        // Before anything is opened: an exposed server without auth is refused, not started and then regretted.
        authSettings.checkBind(config.host()).ifPresent(log::warn);
        this.operations = new OperationsSettings(config.get(Settings.DRAIN_TIMEOUT),
                config.get(Settings.WEBHOOK_SHUTDOWN_GRACE), config.get(Settings.BACKUP_DIR));
        MetricsSettings metricsSettings = new MetricsSettings(config.get(Settings.METRICS));
        Path data = ensureDirectory(config.data());

        // --- metrics (metrics) ------------------------------------------------------------------------------
        // Built first, so every part below reports to it from its first operation; off, they report to no-ops.
        this.metrics = metricsSettings.enabled() ? new QuireMetrics() : null;

        // --- storage (store) --------------------------------------------------------------------------------
        // Locked first, so nothing below ever opens a database another process writes to.
        this.lock = DataDirectoryLock.acquire(data);
        // SQLite in the data directory (data/quire.db): WAL, synchronous=FULL, schema by Flyway at open.
        SqliteDocumentStore sqlite;
        try {
            sqlite = SqliteDocumentStore.open(data.resolve(SqliteDocumentStore.FILE_NAME),
                    SqliteSettings.defaults(), metrics != null ? metrics.storage() : StorageMetrics.NONE);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        this.store = sqlite;
        // Microsecond ticks: what the store keeps (and PostgreSQL would), so a time read from a loaded
        // document is the same before and after a restart.
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

        // --- webhooks (webhook) ---------------------------------------------------------------------------
        // Endpoints and outbox live in the same file, on the same writer, so a save and its deliveries are one
        // transaction. Payload URLs use --public-url, else the server's own address (known once it listens).
        WebhookSettings webhookSettings = webhookTimings.withAllowPrivateTargets(config.webhooksAllowPrivate())
                .withLogRetention(config.get(Settings.WEBHOOK_LOG_RETENTION));
        this.webhooks = new Webhooks(sqlite.webhooks(), webhookSettings, clock,
                () -> config.publicUrl() != null ? config.publicUrl() : baseUri(),
                metrics != null ? metrics.deliveries() : DeliveryMetrics.NONE);

        // --- collaboration (collab) -----------------------------------------------------------------------
        this.hubPool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                Threads.named("quire-hub"));
        this.timers = Executors.newSingleThreadScheduledExecutor(Threads.named("quire-timer"));
        this.hubs = new DocumentHubs(store, hubPool, timers, clock, HubSettings.defaults()
                        .withAutosave(config.get(Settings.AUTOSAVE_IDLE), config.get(Settings.AUTOSAVE_MAX_WAIT))
                        .withMaxDocumentLength(limits.maxDocumentLength())
                        .withBytes(ByteLimits.defaults().withWriteBudget(config.get(Settings.WRITE_BUDGET_PER_DOCUMENT),
                                config.get(Settings.WRITE_BUDGET_PER_CREDENTIAL), Duration.ofHours(1))),
                new WebhookOutboxFactory(webhooks), metrics != null ? metrics.hub() : HubMetrics.NONE);

        // --- who may do what (auth) -----------------------------------------------------------------------
        // API tokens and share links live in the same file; only their hashes are stored.
        Revocations revocations = new Revocations();
        AccessGrants grants = new AccessGrants(sqlite.accessGrants(), clock, revocations);
        Authenticator authenticator;
        try {
            authenticator = new Authenticator(authSettings, sqlite.accessGrants(), clock);
        } catch (IllegalArgumentException e) {
            store.close();
            lock.close();
            throw new ServerConfig.InvalidSettingException("--jwt-public-key / --jwt-jwks-file: " + e.getMessage());
        }

        // --- transports (ws, api) -------------------------------------------------------------------------
        // Surrogates escaped: a document may hold a lone one, which must survive every encoding (QuireJson).
        ObjectMapper json = QuireJson.newMapper();
        List<ServerEndpointConfig> endpoints = new ArrayList<>();
        // Socket writes leave the documents' threads: a broadcast only queues its messages (SendLanes).
        this.sendLanes = SendLanes.perCore(Threads.named("quire-send"));
        endpoints.add(DocumentSocket.endpointConfig(hubs, new ProtocolCodec(json), webSockets, limits.webSocket(),
                timers, sendLanes, metrics != null ? metrics.connections() : ConnectionMetrics.NONE,
                new HandshakeAuth(authenticator, revocations, clock)));

        ResourceConfig rest = RestConfig.create();
        rest.register(new RequestBodyLimit(limits.maxRequestBodyBytes()));
        rest.register(new RestResponseFilter(metrics));
        rest.register(new AuthFilter(authenticator));
        rest.register(new MeResource());
        rest.register(new TokensResource(grants));
        rest.register(new ShareLinksResource(grants));
        rest.register(new HealthResource(() -> ready));
        rest.register(new DocumentsResource(hubs, store, json,
                ApiSettings.defaults().withMaxBodyBytes(limits.maxRequestBodyBytes())));
        rest.register(new OpenApiResource());
        rest.register(new WebhooksResource(webhooks.registry()));
        // VACUUM INTO on a connection of its own: a consistent copy while the writer goes on (SqliteBackup).
        rest.register(new BackupsResource(new SqliteBackups(data.resolve(SqliteDocumentStore.FILE_NAME),
                operations.backupDirectoryIn(data), clock)));

        this.restClasses = Stream.concat(rest.getClasses().stream(), rest.getInstances().stream().map(Object::getClass))
                .collect(Collectors.toUnmodifiableSet());
        this.server = new QuireServer(config.host(), config.port(), endpoints, rest,
                StaticFiles.fromClasspath(QuireApplication.class.getClassLoader(), "quire-web"),
                // One message-size setting: the listener's frame buffer follows the WebSocket endpoint's limit.
                ServerTuning.defaults().withMaxMessageBytes(webSockets.maxMessageBytes())
                        .withShutdownTimeout(config.get(Settings.SHUTDOWN_TIMEOUT)),
                limits.http(), config.publicUrl(), metrics != null ? new MetricsHandler(metrics) : null);
        if (metrics != null) {
            metrics.openConnections(server::openWebSocketCount);
            metrics.openDocuments(hubs::openCount);
            metrics.pendingWebhookDeliveries(sqlite.webhooks()::pendingDeliveries);
        }
        log.debug("data directory {}", data);
    }

    /** Starts listening. @throws IOException if the address cannot be bound (the message names it) */
    public void start() throws IOException {
        server.start();
        // After the server listens: payload URLs may need its address, and deliveries left pending by the
        // previous run (a crash, a restart) resume now.
        webhooks.start();
        ready = true;
    }

    /**
     * True from the end of {@link #start()} until a stop begins (or {@link #beginDraining()}): storage is open and
     * migrated, the server accepts connections, and it is not draining. What {@code GET /health/ready} answers.
     */
    public boolean isReady() {
        return ready;
    }

    /**
     * Reports not ready ({@code /health/ready} answers 503) while everything keeps working, so load balancers stop
     * sending new users before {@link #stop()} closes the door; {@link #stop()} does this itself first.
     */
    public void beginDraining() {
        ready = false;
    }

    /** {@code http://host:port/} with the actual port; valid after {@link #start()}. */
    public URI baseUri() {
        return server.baseUri();
    }

    /**
     * The classes of the REST resources and providers as registered: every route Jersey serves comes from one of
     * them (the OpenAPI description is tested against them).
     */
    public Set<Class<?>> restClasses() {
        return restClasses;
    }

    /** Open WebSocket sessions (for tests and diagnostics). */
    public int openWebSocketCount() {
        return server.openWebSocketCount();
    }

    /**
     * Graceful, bounded stop; safe to call more than once and from a shutdown hook. Also releases the data
     * directory of an application that was never started.
     */
    public void stop() {
        beginDraining();
        server.stop(this::drain);
        drain(); // a no-op after the server ran it; needed when the server never started
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Runs after the server stopped accepting and before WebSockets are closed; only the first call does anything.
     * Each step is bounded (docs/operations.md, "Lifecycle").
     */
    private void drain() {
        if (!drained.compareAndSet(false, true)) {
            return;
        }
        try {
            // Pending commits finish and are acknowledged before sessions are told to go away (1001), and each
            // open document gets a snapshot at its last version so the next start loads it without replay.
            hubs.shutdown().get(operations.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("documents did not drain within {}: {}", operations.drainTimeout(), e.toString());
        }
        timers.shutdownNow();
        hubPool.shutdown();
        // What the drain queued (acks, then the 1001 closes) is written before the lanes stop.
        sendLanes.close();
        // Before the store closes: attempts in flight record their outcome; what is pending stays for next time.
        webhooks.stop(operations.webhookGrace());
        // Writes what is queued (snapshots included), then closes the file.
        store.close();
        if (metrics != null) {
            metrics.close();
        }
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("releasing the data directory lock failed: {}", e.toString());
        }
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
            // Created 0700: the database in it holds every document (PrivateFiles).
            return PrivateFiles.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            throw new ServerConfig.InvalidSettingException(
                    "--data / QUIRE_DATA: cannot use '" + dir + "' as data directory: " + e);
        }
    }
}
