package dev.quire.server;

import dev.quire.http.FrontDoor;
import dev.quire.http.HttpHardening;
import dev.quire.http.RestConfig;
import dev.quire.http.StaticFiles;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.grizzly.GrizzlyFuture;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.strategies.LeaderFollowerNIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainerProvider;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one HTTP listener of Quire: WebSocket endpoints (Tyrus) under {@code /ws}, the REST API (Jersey) under
 * {@code /api} and at {@code /health}, and the web client's static files everywhere else - one Grizzly
 * {@link HttpServer}, one port.
 *
 * <p>WebSocket endpoints come in as {@link ServerEndpointConfig}s whose {@code Configurator} returns an
 * instance the application built; their paths must start with {@code /ws}. REST resources come in as a
 * {@link ResourceConfig}, normally from {@link RestConfig#create()}; resource paths are absolute
 * ({@code @Path("/api/documents")}) because Jersey is mounted at the root and only sees {@code /api/*} and
 * {@code /health}.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #stop(Runnable)} (or {@link #close()}) once; both are safe to
 * call from any thread, and stop is idempotent.
 */
public final class QuireServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QuireServer.class);
    private static final String LISTENER = "quire";
    /**
     * Every thread of the listener - Grizzly's selectors and workers, which under leader-follower also read sockets
     * and run what they read - has a name starting with this, so a thread dump (and a test) can tell them apart from
     * the pools that may wait for the disk.
     */
    public static final String LISTENER_THREADS = "quire-listener";

    private final String host;
    private final ServerTuning tuning;
    private final HttpServer http = new HttpServer();
    private final NetworkListener listener;
    private final QuireWebSocketContainer webSockets;
    private final SessionTracker sessions;
    private final ConnectionPolicyAddOn connectionPolicy;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();

    /**
     * Builds the server; nothing is bound until {@link #start()}.
     *
     * @param host      interface to bind, e.g. {@code 127.0.0.1}
     * @param port      port to bind; {@code 0} picks a free one (see {@link #port()} after start)
     * @param endpoints WebSocket endpoints, each with a Configurator returning an application-built instance
     * @param restApi   the Jersey application (see {@link RestConfig#create()})
     * @param web       static files of the web client
     * @param tuning    limits and timeouts
     * @throws IllegalArgumentException if an endpoint is outside {@code /ws}, not programmatic, or asks for
     *                                  extensions, or if Tyrus refuses its configuration
     */
    public QuireServer(String host, int port, List<ServerEndpointConfig> endpoints, ResourceConfig restApi,
                       StaticFiles web, ServerTuning tuning) {
        this(host, port, endpoints, restApi, web, tuning, HttpHardening.defaults(), null, null);
    }

    /**
     * As above, with the HTTP protections: which hosts requests may name and which origins may open WebSockets
     * (besides the server's own and {@code publicUrl}'s, which may be null), the framing policy and the API rate
     * limit; and {@code metrics} serving {@code GET /metrics} (null: no such path).
     */
    public QuireServer(String host, int port, List<ServerEndpointConfig> endpoints, ResourceConfig restApi,
                       StaticFiles web, ServerTuning tuning, HttpHardening hardening, URI publicUrl,
                       HttpHandler metrics) {
        this.host = Objects.requireNonNull(host, "host");
        this.tuning = Objects.requireNonNull(tuning, "tuning");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.listener = new NetworkListener(LISTENER, host, port);
        FrontDoor door = new FrontDoor(hardening, host, publicUrl, listener::getPort);
        this.webSockets = new QuireWebSocketContainer(tuning.maxMessageBytes(), door);
        this.sessions = new SessionTracker(tuning.maxMessageBytes());
        this.connectionPolicy = new ConnectionPolicyAddOn(tuning.webSocketIdleTimeout(), door::allowsHost);
        for (ServerEndpointConfig endpoint : endpoints) {
            String path = endpoint.getPath();
            if (!path.equals("/ws") && !path.startsWith("/ws/")) {
                throw new IllegalArgumentException("WebSocket endpoints live under /ws: " + path);
            }
            try {
                webSockets.register(sessions.track(endpoint));
            } catch (DeploymentException e) {
                throw new IllegalArgumentException("invalid WebSocket endpoint " + path + ": " + e.getMessage(), e);
            }
        }
        webSockets.doneDeployment();
        door.guardRestApi(restApi);
        configure(restApi, web, door, metrics);
    }

    private void configure(ResourceConfig restApi, StaticFiles web, FrontDoor door, HttpHandler metrics) {
        // Leader-follower: the selector thread that finds a socket readable handles it itself and hands the selecting
        // to a worker, instead of handing every read to a worker: one wake-up fewer per WebSocket message (measured in
        // docs/benchmarks.md, "Fewer hand-offs per op"). Jersey may block the thread that handles a request, which is
        // safe here: that thread is no longer the one selecting.
        listener.getTransport().setIOStrategy(LeaderFollowerNIOStrategy.getInstance());
        nameThreads(listener.getTransport());
        listener.getKeepAlive().setIdleTimeoutInSeconds((int) tuning.httpIdleTimeout().toSeconds());
        listener.setDefaultErrorPageGenerator((request, status, reason, description, exception) ->
                // Grizzly's default page can include exception details; ours says only the status.
                "<!doctype html><title>" + status + "</title><h1>" + status + "</h1>");
        // Order matters: the policy filter must sit next to the HTTP codec, before Tyrus's filter. Each add-on inserts
        // its filter right after the codec, so the path rule, added first, ends up behind it, also before Tyrus.
        listener.registerAddOn(new CanonicalUpgradeAddOn());
        listener.registerAddOn(connectionPolicy);
        listener.registerAddOn(new WebSocketAddOn(webSockets, ""));
        http.addListener(listener);

        ServerConfiguration config = http.getServerConfiguration();
        config.setJmxEnabled(false);
        config.setPassTraceRequest(false);
        config.setTraceEnabled(false);
        GrizzlyHttpContainer jersey = new GrizzlyHttpContainerProvider()
                .createContainer(GrizzlyHttpContainer.class, restApi);
        config.addHttpHandler(door.router(jersey, web, metrics),
                HttpHandlerRegistration.ROOT);
    }

    /** Grizzly's sizes, our names: {@link #LISTENER_THREADS}{@code -kernel(n)} selects, {@code -worker(n)} works. */
    private static void nameThreads(TCPNIOTransport transport) {
        ThreadPoolConfig kernel = transport.getKernelThreadPoolConfig();
        ThreadPoolConfig workers = transport.getWorkerThreadPoolConfig();
        transport.setKernelThreadPoolConfig((kernel != null ? kernel.copy() : ThreadPoolConfig.defaultConfig())
                .setPoolName(LISTENER_THREADS + "-kernel"));
        transport.setWorkerThreadPoolConfig((workers != null ? workers.copy() : ThreadPoolConfig.defaultConfig())
                .setPoolName(LISTENER_THREADS + "-worker"));
    }

    /**
     * Binds and starts serving. When this returns, connections are accepted.
     *
     * @throws IOException naming host and port if the address cannot be bound
     */
    public void start() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        try {
            http.start();
        } catch (IOException e) {
            // Grizzly's messages ("Address already in use", "Unresolved address") do not say which address.
            throw new IOException("cannot listen on " + host + ":" + listener.getPort() + ": " + e.getMessage(), e);
        }
        log.info("listening on {}:{} (max WebSocket message {} bytes)", host, port(), tuning.maxMessageBytes());
    }

    /** The bound port (the actual one when constructed with 0); valid after {@link #start()}. */
    public int port() {
        return listener.getPort();
    }

    /** {@code http://host:port/}; valid after {@link #start()}. */
    public URI baseUri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/");
    }

    /** Number of open WebSocket sessions, across all endpoints. */
    public int openWebSocketCount() {
        return sessions.openCount();
    }

    /**
     * Graceful stop, bounded by {@link ServerTuning#shutdownTimeout()}: stop accepting connections (in-flight
     * HTTP requests may finish), run {@code drain} (e.g. flush storage), close every WebSocket with 1001 going
     * away and wait for the close handshakes, then close whatever is left. Only the first call has an effect.
     */
    public void stop(Runnable drain) {
        if (!started.get() || !stopped.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + tuning.shutdownTimeout().toNanos();
        // Stop accepting, but keep existing connections working: Grizzly's graceful shutdown closes the transport
        // as soon as no HTTP request is in flight, which could cut WebSockets before their 1001 close frame is
        // written (clients then saw 1006). So it starts only after the WebSockets are closed.
        listener.getTransport().unbindAll();
        try {
            drain.run();
        } catch (RuntimeException e) {
            log.error("drain hook failed during shutdown", e);
        }
        try {
            CloseReason goingAway = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server shutting down");
            if (!sessions.closeAll(goingAway, millisUntil(deadline))) {
                log.warn("{} WebSocket sessions did not finish their close handshake in time", sessions.openCount());
            }
            if (!connectionPolicy.awaitUpgradedClosed(millisUntil(deadline))) {
                log.warn("WebSocket peers did not close their connections in time; closing them now");
            }
            GrizzlyFuture<HttpServer> graceful = http.shutdown(millisUntil(deadline), TimeUnit.MILLISECONDS);
            graceful.get(millisUntil(deadline), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            log.warn("in-flight HTTP requests did not finish within {}", tuning.shutdownTimeout());
        } catch (ExecutionException e) {
            log.warn("graceful HTTP shutdown failed", e.getCause());
        } finally {
            http.shutdownNow();
            webSockets.stop();
        }
        log.info("stopped");
    }

    /** {@link #stop(Runnable)} with nothing to drain. */
    @Override
    public void close() {
        stop(() -> { });
    }

    private static long millisUntil(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
