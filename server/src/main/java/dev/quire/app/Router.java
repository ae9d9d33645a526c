package dev.quire.app;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.util.Optional;

/**
 * The listener's only HTTP handler: validates the request path once, then hands {@code /api/...} and
 * {@code /health} to Jersey and everything else to the static files.
 *
 * <p>Why not Grizzly's own mapping of several handlers: its {@code HttpHandlerChain} decodes and normalises the
 * path first and answers anything it cannot decode ({@code ..} above the root, overlong UTF-8, encoded slashes)
 * with 500. A single root handler is called directly, so we decide: such paths get 400 problem+json.
 * WebSocket upgrades never get here; Tyrus's filter takes them earlier in the filter chain.
 *
 * <p>Every response gets the {@link SecurityHeaders} first, whoever writes the rest of it; API requests other
 * than {@code /health} pass the {@link ApiRateLimit} before they reach Jersey.
 */
final class Router extends HttpHandler {

    private final HttpHandler api;
    private final HttpHandler web;
    private final SecurityHeaders headers;
    private final ApiRateLimit rateLimit;

    Router(HttpHandler api, HttpHandler web, SecurityHeaders headers, ApiRateLimit rateLimit) {
        super("quire");
        this.api = api;
        this.web = web;
        this.headers = headers;
        this.rateLimit = rateLimit;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        headers.apply(response);
        Optional<String> path = RequestPaths.decode(request.getRequestURI());
        if (path.isEmpty()) {
            HttpProblems.send(response, 400, "Malformed or unsafe request path.");
            return;
        }
        String p = path.get();
        if (p.equals("/health")) {
            api.service(request, response);
        } else if (p.equals("/api") || p.startsWith("/api/")) {
            if (rateLimit.admit(request, response)) {
                api.service(request, response);
            }
        } else {
            web.service(request, response);
        }
    }

    @Override
    public void start() {
        api.start();
        web.start();
    }

    @Override
    public void destroy() {
        api.destroy();
        web.destroy();
    }
}
