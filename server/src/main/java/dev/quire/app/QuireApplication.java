package dev.quire.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.api.BackupsResource;
import dev.quire.api.AuthFilter;
import dev.quire.api.MeResource;
import dev.quire.api.ShareLinksResource;
import dev.quire.api.TokensResource;
import dev.quire.auth.AccessGrants;
import dev.quire.auth.AuthSettings;
import dev.quire.auth.Authenticator;
import dev.quire.auth.GrantAnnouncements;
import dev.quire.auth.Revocations;
import dev.quire.api.DocumentsResource;
import dev.quire.api.HealthResource;
import dev.quire.api.OpenApiResource;
import dev.quire.api.Readiness;
import dev.quire.api.RequestBodyLimit;
import dev.quire.api.StoreCalls;
import dev.quire.api.WebhooksResource;
import dev.quire.cluster.FeedMetrics;
import dev.quire.collab.DocumentHubs;
import dev.quire.collab.HubMetrics;
import dev.quire.collab.NodeFeed;
import dev.quire.collab.OtherNodes;
import dev.quire.http.MetricsHandler;
import dev.quire.http.RestConfig;
import dev.quire.http.RestResponseFilter;
import dev.quire.http.StaticFiles;
import dev.quire.metrics.MetricsSettings;
import dev.quire.metrics.QuireMetrics;
import dev.quire.json.QuireJson;
import dev.quire.protocol.ProtocolCodec;
import dev.quire.server.QuireServer;
import dev.quire.store.DocumentStore;
import dev.quire.store.PrivateFiles;
import dev.quire.store.AppendAdmission;
import dev.quire.store.StorageMetrics;
import dev.quire.store.postgres.PostgresSettings;
import dev.quire.webhook.DeliveryMetrics;
import dev.quire.webhook.WebhookSettings;
import dev.quire.webhook.Webhooks;
import dev.quire.ws.ConnectionMetrics;
import dev.quire.ws.DocumentSocket;
import dev.quire.ws.SendLanes;
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
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Objects;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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
 * or an offline restore on it fails at once. With {@code --database} (PostgreSQL, {@link StoreChoice}) there is no
 * data directory: several nodes share the database.
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
    private final StoreCalls storeCalls;
    private final ScheduledExecutorService timers;
    private final DocumentHubs hubs;
    private final QuireServer server;
    private final QuireMetrics metrics;
    /** This node's part of a cluster, and whether the shared database answers; null on SQLite. */
    private final ClusterNode cluster;
    private final StorageProbe storageProbe;
    /** Runs the cluster's periodic check of the open documents' heads; null on SQLite. */
    private final ScheduledExecutorService headChecks;
    /** What the REST application registered, resources and providers alike. */
    private final Set<Class<?>> restClasses;
    /** False until {@link #start()} returned and again from the moment a stop begins: {@code /health/ready}. */
    private volatile boolean ready;
    private final AtomicBoolean drained = new AtomicBoolean();

    /**
     * The one way to build Quire: {@code config} decides everything an operator can set; the builder's other
     * parts are for tests (timings no operator sets, or limits and authentication given as values).
     */
    public static Builder builder(ServerConfig config) {
        return new Builder(config);
    }

    /** Parts of the application a test may give instead of those derived from the {@link ServerConfig}. */
    public static final class Builder {
        private final ServerConfig config;
        private WsSettings webSockets;
        private WebhookSettings webhookTimings = WebhookSettings.defaults();
        private SecurityLimits limits;
        private AuthSettings auth;

        private Builder(ServerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** WebSocket limits and timings (e.g. a short heartbeat); default: the defaults with --ws-max-message. */
        public Builder webSockets(WsSettings settings) {
            this.webSockets = settings;
            return this;
        }

        /**
         * Webhook timings (e.g. a retry schedule of milliseconds); the config still decides whether private targets
         * are allowed and how long the delivery log is kept.
         */
        public Builder webhookTimings(WebhookSettings timings) {
            this.webhookTimings = timings;
            return this;
        }

        /** Abuse limits (docs/security.md); default: as configured. */
        public Builder limits(SecurityLimits securityLimits) {
            this.limits = securityLimits;
            return this;
        }

        /** Authentication (e.g. an admin token, a JWT secret); default: as configured. */
        public Builder auth(AuthSettings authSettings) {
            this.auth = authSettings;
            return this;
        }

        /**
         * Builds the application; nothing listens until {@link QuireApplication#start()}. If building fails, what
         * was already opened (the data directory lock, the store, thread pools) is closed again.
         *
         * @throws ServerConfig.InvalidSettingException if the data directory cannot be created or is not a
         *                                              directory, or a JWT key cannot be used
         * @throws IOException                          if the web client's files cannot be read
         * @throws AuthSettings.InsecureBindException   if {@code config.host()} is not a loopback address and no
         *                                              authentication is configured (nor open access on purpose)
         * @throws DataDirectoryLock.InUseException     if another server (or a restore) holds the data directory
         */
        public QuireApplication build() throws ServerConfig.InvalidSettingException, IOException {
            return new QuireApplication(config,
                    webSockets != null ? webSockets : ConfiguredSettings.webSockets(config), webhookTimings,
                    limits != null ? limits : ConfiguredSettings.securityLimits(config),
                    auth != null ? auth : ConfiguredSettings.authSettings(config));
        }
    }

    private QuireApplication(ServerConfig config, WsSettings webSockets, WebhookSettings webhookTimings,
                             SecurityLimits limits, AuthSettings authSettings)
            throws ServerConfig.InvalidSettingException, IOException {
        this.config = config;
        // Before anything is opened: an exposed server without auth is refused, not started and then regretted.
        authSettings.checkBind(config.host()).ifPresent(log::warn);
        this.operations = ConfiguredSettings.operations(config);
        MetricsSettings metricsSettings = ConfiguredSettings.metrics(config);
        PostgresSettings database = ConfiguredSettings.database(config);
        // With PostgreSQL the data directory holds nothing: it is neither made nor locked.
        Path data = database == null ? ensureDirectory(config.data()) : null;
        // What is opened below, newest first: closed again if a later part cannot be built, so a failed start
        // leaves neither the data directory locked nor threads behind.
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            // --- metrics (metrics) ------------------------------------------------------------------------------
            // Built first, so every part below reports to it from its first operation; off, they report to no-ops.
            this.metrics = metricsSettings.enabled() ? new QuireMetrics() : null;
            if (metrics != null) {
                opened.push(metrics::close);
            }

            // --- storage (store) --------------------------------------------------------------------------------
            // Locked first, so nothing below ever opens a database another process writes to. PostgreSQL is
            // meant to be shared by several nodes: its store orders them itself.
            this.lock = data != null ? DataDirectoryLock.acquire(data) : null;
            if (lock != null) {
                opened.push(lock);
            }
            StorageMetrics storageMetrics = metrics != null ? metrics.storage() : StorageMetrics.NONE;
            AppendAdmission admission = new AppendAdmission(config.get(Settings.STORE_QUEUE_MAX_OPS),
                    config.get(Settings.STORE_QUEUE_MAX_BYTES));
            // Microsecond ticks: what the stores keep, so a time read from a loaded document is the same before and
            // after a restart.
            Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
            StoreChoice stores = database != null ? StoreChoice.postgres(database, storageMetrics, admission)
                    : StoreChoice.sqlite(data, operations.backupDirectoryIn(data), storageMetrics, admission,
                    clock);
            this.store = stores.documents();
            opened.push(store::close);

            // --- cluster mode (cluster): with PostgreSQL only, Redis being optional ----------------------------
            this.timers = Executors.newSingleThreadScheduledExecutor(Threads.named("quire-timer"));
            opened.push(timers::shutdownNow);
            if (database != null) {
                String nodeId = config.get(Settings.NODE_ID) != null ? config.get(Settings.NODE_ID)
                        : "node-" + UUID.randomUUID().toString().substring(0, 8);
                this.cluster = new ClusterNode(nodeId, database.url().connectionUrl(), config.get(Settings.REDIS),
                        ConfiguredSettings.cluster(config), timers,
                        metrics != null ? metrics.feed() : FeedMetrics.NONE);
                opened.push(cluster);
                this.storageProbe = new StorageProbe(store, Duration.ofSeconds(1), System::nanoTime);
                opened.push(storageProbe);
            } else {
                this.cluster = null;
                this.storageProbe = null;
            }

            // --- webhooks (webhook) ---------------------------------------------------------------------------
            // Endpoints and outbox live in the same file, on the same writer, so a save and its deliveries are one
            // transaction. Payload URLs use --public-url, else the server's own address (known once it listens).
            this.webhooks = new Webhooks(stores.webhooks(), ConfiguredSettings.webhookSettings(config, webhookTimings),
                    clock,
                    () -> config.publicUrl() != null ? config.publicUrl() : baseUri(),
                    metrics != null ? metrics.deliveries() : DeliveryMetrics.NONE);
            opened.push(() -> webhooks.stop(Duration.ZERO));

            // --- collaboration (collab) -----------------------------------------------------------------------
            this.hubPool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                    Threads.named("quire-hub"));
            opened.push(hubPool::shutdownNow);
            // The head check waits for the database: a thread of its own, so no timer or document waits with it.
            this.headChecks = cluster != null
                    ? Executors.newSingleThreadScheduledExecutor(Threads.named("quire-head-check")) : null;
            if (headChecks != null) {
                opened.push(headChecks::shutdownNow);
            }
            this.hubs = new DocumentHubs(store, hubPool, timers, clock, ConfiguredSettings.hubSettings(config, limits),
                    new WebhookOutboxFactory(webhooks), metrics != null ? metrics.hub() : HubMetrics.NONE,
                    cluster != null ? new NodeFeed(cluster.feed(), cluster.headCheckPeriod(), headChecks) : null,
                    cluster != null ? cluster.otherNodes() : OtherNodes.NONE);

            // --- who may do what (auth) -----------------------------------------------------------------------
            // API tokens and share links live in the same file; only their hashes are stored.
            Revocations revocations = new Revocations();
            AccessGrants grants = new AccessGrants(stores.grants(), clock, revocations,
                    cluster != null ? cluster.grantAnnouncements() : GrantAnnouncements.NONE);
            if (cluster != null) {
                cluster.deliverTo(hubs, grants);
            }
            Authenticator authenticator;
            try {
                authenticator = new Authenticator(authSettings, grants, clock);
            } catch (IllegalArgumentException e) {
                throw new ServerConfig.InvalidSettingException("--jwt-public-key / --jwt-jwks-file: " + e.getMessage());
            }

            // --- transports (ws, api) -------------------------------------------------------------------------
            // Surrogates escaped: a document may hold a lone one, which must survive every encoding (QuireJson).
            ObjectMapper json = QuireJson.newMapper();
            List<ServerEndpointConfig> endpoints = new ArrayList<>();
            // Socket writes leave the documents' threads: a broadcast only queues its messages (SendLanes).
            this.sendLanes = SendLanes.perCore(Threads.named("quire-send"));
            opened.push(sendLanes);
            endpoints.add(DocumentSocket.endpointConfig(hubs, new ProtocolCodec(json), webSockets, limits.webSocket(),
                    timers, sendLanes, metrics != null ? metrics.connections() : ConnectionMetrics.NONE,
                    new HandshakeAuth(authenticator, revocations, clock)));

            // What a REST request waits for on the disk runs on a pool of its own, never on the listener's threads.
            this.storeCalls = StoreCalls.defaults();
            opened.push(storeCalls);
            ResourceConfig rest = RestConfig.create();
            rest.register(new RequestBodyLimit(limits.maxRequestBodyBytes()));
            rest.register(new RestResponseFilter(metrics));
            rest.register(new AuthFilter(authenticator));
            rest.register(new MeResource());
            rest.register(new TokensResource(grants, storeCalls));
            rest.register(new ShareLinksResource(grants, storeCalls));
            rest.register(new HealthResource(this::readiness));
            rest.register(new DocumentsResource(hubs, store, json, ConfiguredSettings.apiSettings(limits),
                    storeCalls));
            rest.register(new OpenApiResource());
            rest.register(new WebhooksResource(webhooks.registry(), storeCalls));
            if (stores.backups() != null) {
                rest.register(new BackupsResource(stores.backups(), storeCalls));
            }
            this.restClasses = Stream.concat(rest.getClasses().stream(),
                            rest.getInstances().stream().map(Object::getClass))
                    .collect(Collectors.toUnmodifiableSet());
            this.server = new QuireServer(config.host(), config.port(), endpoints, rest,
                    StaticFiles.fromClasspath(QuireApplication.class.getClassLoader(), "quire-web"),
                    ConfiguredSettings.serverTuning(config, webSockets),
                    limits.http(), config.publicUrl(), metrics != null ? new MetricsHandler(metrics) : null);
            if (metrics != null) {
                metrics.openConnections(server::openWebSocketCount);
                metrics.openDocuments(hubs::openCount);
                metrics.pendingWebhookDeliveries(stores.webhooks()::pendingDeliveries);
            }
            if (data != null) {
                log.debug("data directory {}", data);
            }
        } catch (Throwable failure) {
            closeAll(opened, failure);
            throw failure;
        }
    }

    private static void closeAll(Deque<AutoCloseable> opened, Throwable failure) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Starts listening. If the address cannot be bound, the application is stopped (the data directory released,
     * its threads ended) before the exception is thrown.
     *
     * @throws IOException if the address cannot be bound (the message names it)
     */
    public void start() throws IOException {
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
        // After the server listens: payload URLs may need its address, and deliveries left pending by the
        // previous run (a crash, a restart) resume now.
        webhooks.start();
        ready = true;
    }

    /**
     * Reports not ready ({@code /health/ready} answers 503) while everything keeps working, so load balancers stop
     * sending new users before {@link #stop()} closes the door; {@link #stop()} does this itself first.
     */
    public void beginDraining() {
        ready = false;
    }

    /**
     * {@code /health/ready}: draining, or (cluster mode) the database unreachable, is not ready; Redis away is
     * degraded, since nodes then converge through PostgreSQL alone, more slowly and without each other's presence.
     */
    private Readiness readiness() {
        if (!ready) {
            return Readiness.DRAINING;
        }
        if (storageProbe != null && !storageProbe.reachable()) {
            return Readiness.notReady("PostgreSQL does not answer: no edit can be committed.");
        }
        if (cluster != null && cluster.redisDown()) {
            return Readiness.degraded(List.of("Redis is unreachable: ops reach the other nodes through PostgreSQL,"
                    + " more slowly, and presence does not cross nodes."));
        }
        return Readiness.READY;
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
        // Before the hubs' threads stop: what other nodes say would find no thread to run on.
        if (cluster != null) {
            cluster.close();
            storageProbe.close();
            headChecks.shutdownNow();
        }
        timers.shutdownNow();
        hubPool.shutdown();
        // What the drain queued (acks, then the 1001 closes) is written before the lanes stop.
        sendLanes.close();
        storeCalls.close();
        // Before the store closes: attempts in flight record their outcome; what is pending stays for next time.
        webhooks.stop(operations.webhookGrace());
        // Writes what is queued (snapshots included), then closes the file.
        store.close();
        if (metrics != null) {
            metrics.close();
        }
        try {
            if (lock != null) {
                lock.close();
            }
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
