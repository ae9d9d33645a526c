package dev.quire.http;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.MDC;

import java.util.Optional;

/**
 * The listener's only HTTP handler: validates the request path once, then hands {@code /api/...} and
 * {@code /health...} to Jersey, {@code /metrics} to the metrics handler and everything else to the static files.
 *
 * <p>Why not Grizzly's own mapping of several handlers: its {@code HttpHandlerChain} decodes and normalises the
 * path first and answers anything it cannot decode ({@code ..} above the root, overlong UTF-8, encoded slashes)
 * with 500. A single root handler is called directly, so we decide: such paths get 400 problem+json.
 * WebSocket upgrades never get here, as Tyrus's filter takes them earlier in the filter chain; only those that
 * {@code server.ConnectionPolicyAddOn} declined for their {@code Host} and those on non-canonical paths (which
 * {@code server.CanonicalUpgradeAddOn} turns into plain requests) do, for the guard or the path gate to refuse.
 *
 * <p>Every response gets the {@link SecurityHeaders} first, whoever writes the rest of it; every request then
 * passes the {@link RequestGuard} (its {@code Host}, and where a state-changing request comes from); API requests
 * other than {@code /health} pass the {@link ApiRateLimit} before they reach Jersey.
 */
final class Router extends HttpHandler {

    /** Logging context key of the request id; also a request attribute, for code that runs after {@link #service}. */
    static final String LOG_REQUEST = "req";

    private final HttpHandler api;
    private final HttpHandler web;
    private final HttpHandler metrics;
    private final SecurityHeaders headers;
    private final ApiRateLimit rateLimit;
    private final RequestGuard guard;

    /** @param metrics serves {@code /metrics}; null when metrics are off (the path is then the web's: 404) */
    Router(HttpHandler api, HttpHandler web, SecurityHeaders headers, ApiRateLimit rateLimit, HttpHandler metrics,
           RequestGuard guard) {
        super("quire");
        this.api = api;
        this.web = web;
        this.headers = headers;
        this.rateLimit = rateLimit;
        this.metrics = metrics;
        this.guard = guard;
    }

    /**
     * Gives every request an id - in the logging context while it is handled here (asynchronous REST completions
     * carry {@code doc} instead), as request attribute {@value #LOG_REQUEST}, and in the {@code X-Request-Id}
     * response header - then routes it.
     */
    @Override
    public void service(Request request, Response response) throws Exception {
        String requestId = RequestIds.accept(request.getHeader(RequestIds.HEADER));
        request.setAttribute(LOG_REQUEST, requestId);
        response.setHeader(RequestIds.HEADER, requestId);
        headers.apply(request, response);
        MDC.put(LOG_REQUEST, requestId);
        try {
            if (guard.admit(request, response)) {
                route(request, response);
            }
        } finally {
            MDC.remove(LOG_REQUEST);
        }
    }

    private void route(Request request, Response response) throws Exception {
        Optional<String> path = RequestPaths.decode(request.getRequestURI());
        if (path.isEmpty()) {
            HttpProblems.send(response, 400, "Malformed or unsafe request path.");
            return;
        }
        String p = path.get();
        if (!CanonicalPathGate.admits(p, request, response)) {
            return;
        }
        if (p.equals("/health") || p.startsWith("/health/")) {
            api.service(request, response);
        } else if (p.equals("/api") || p.startsWith("/api/")) {
            if (rateLimit.admit(request, response)) {
                api.service(request, response);
            }
        } else if (metrics != null && p.equals("/metrics")) {
            metrics.service(request, response);
        } else {
            web.service(request, response);
        }
    }

    @Override
    public void start() {
        api.start();
        web.start();
        if (metrics != null) {
            metrics.start();
        }
    }

    @Override
    public void destroy() {
        api.destroy();
        web.destroy();
        if (metrics != null) {
            metrics.destroy();
        }
    }
}
