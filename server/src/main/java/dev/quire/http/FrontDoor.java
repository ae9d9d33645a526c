package dev.quire.http;

import java.net.URI;
import java.util.function.IntSupplier;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * What every request passes before it is served, as the listener sees it: the names the server answers to, the
 * origins that may open WebSockets, the security headers, the REST rate limit, and the router that applies them.
 * The listener ({@code dev.quire.server}) builds one and asks it; the policies behind it stay inside this package,
 * so the decisions are made here alone. Immutable after construction, thread-safe.
 */
public final class FrontDoor {

    private final ServerNames names;
    private final WebSocketOrigins origins;
    private final SecurityHeaders headers;
    private final ApiRateLimit rateLimit;
    private final RequestGuard guard;

    /**
     * @param hardening the HTTP protections as configured
     * @param bindHost  the interface the server listens on
     * @param publicUrl the server's public address, or null
     * @param port      the port the server listens on (read on each use: known only once it listens)
     */
    public FrontDoor(HttpHardening hardening, String bindHost, URI publicUrl, IntSupplier port) {
        this.names = new ServerNames(bindHost, publicUrl, hardening.allowedHosts(), port);
        this.origins = new WebSocketOrigins(hardening.allowedOrigins(), names);
        this.headers = new SecurityHeaders(hardening.frameAncestors());
        this.rateLimit = new ApiRateLimit(hardening.apiRequestsPerSecond(), hardening.apiRequestBurst());
        this.guard = new RequestGuard(names);
    }

    /**
     * Registers the parts that must run inside Jersey: the rate limit's move from the address to the verified
     * principal (right after authentication), and the restoring of the router's headers where a resource set them.
     */
    public void guardRestApi(ResourceConfig restApi) {
        restApi.register(rateLimit.afterAuthentication());
        restApi.register(new SecurityHeaders.RestOverride());
    }

    /**
     * The listener's only HTTP handler (see {@link Router}).
     *
     * @param metrics serves {@code /metrics}; null when metrics are off
     */
    public HttpHandler router(HttpHandler api, HttpHandler web, HttpHandler metrics) {
        return new Router(api, web, headers, rateLimit, metrics, guard);
    }

    /** Whether a request with this {@code Host} header value (null if absent) may be served. */
    public boolean allowsHost(String hostHeader) {
        return names.allowsHost(hostHeader);
    }

    /** Whether a WebSocket handshake with this {@code Origin} (null if absent) may proceed. */
    public boolean allowsWebSocketOrigin(String origin) {
        return origins.allows(origin);
    }
}
