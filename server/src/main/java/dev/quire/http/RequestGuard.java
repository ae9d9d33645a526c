package dev.quire.http;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every HTTP request passes before it is routed: a {@code Host} the server answers to ({@link ServerNames}),
 * else {@code 421 Misdirected Request}; and, for a request that may change something (any method but GET, HEAD and
 * OPTIONS), no sign that a browser sent it from another site's page, else {@code 403}. Both as problem+json with a
 * {@code code} of their own.
 *
 * <p>Cross-site requests: a page may send a body-less or "simple" POST anywhere ({@code fetch(url, {method: 'POST',
 * mode: 'no-cors'})}, a form); it cannot read the answer, but the request has its effect. Browsers say where a
 * request comes from in {@code Sec-Fetch-Site}: only {@code same-origin} and {@code none} (typed by the user) pass.
 * {@code same-site} is refused too: every local server on another port of {@code localhost} and every sibling
 * subdomain is "same site", and none of them is Quire. Browsers that predate {@code Sec-Fetch-Site} send
 * {@code Origin} on such requests, which must then be one of the server's own origins. Clients that send neither
 * are not browsers (curl, scripts, integrations) and are not affected. Thread-safe.
 */
final class RequestGuard {
    /** The problem {@code code} of a request whose {@code Host} the server does not answer to. */
    static final String HOST_NOT_ALLOWED = "host_not_allowed";
    /** The problem {@code code} of a state-changing request a browser sent from another site's page. */
    static final String CROSS_SITE_REQUEST = "cross_site_request";

    private static final Logger log = LoggerFactory.getLogger(RequestGuard.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final int MAX_ECHOED = 100;

    private final ServerNames names;

    RequestGuard(ServerNames names) {
        this.names = names;
    }

    /** @return true if the request may be routed; otherwise its refusal has been sent */
    boolean admit(Request request, Response response) throws IOException {
        String host = request.getHeader("Host");
        if (!names.allowsHost(host)) {
            log.debug("refused Host {}", echo(host));
            HttpProblems.send(response, 421, "This server does not answer to the host '" + echo(host) + "'. Its"
                    + " operator can allow it with --allowed-hosts or --public-url.", HOST_NOT_ALLOWED);
            return false;
        }
        if (SAFE_METHODS.contains(request.getMethod().getMethodString())) {
            return true;
        }
        Optional<String> crossSite = crossSite(request.getHeader("Sec-Fetch-Site"), request.getHeader("Origin"));
        if (crossSite.isPresent()) {
            log.debug("refused cross-site {} ({})", request.getMethod(), crossSite.get());
            HttpProblems.send(response, 403, "A page of another site may not make this request (" + crossSite.get()
                    + "); use Quire's own pages, or a client that is not a browser.", CROSS_SITE_REQUEST);
            return false;
        }
        return true;
    }

    /** Why a request with these headers (null if absent) comes from another site's page; empty if it does not. */
    private Optional<String> crossSite(String fetchSite, String origin) {
        if (fetchSite != null) {
            return fetchSite.equals("same-origin") || fetchSite.equals("none") ? Optional.empty()
                    : Optional.of("Sec-Fetch-Site: " + echo(fetchSite));
        }
        if (origin == null) {
            return Optional.empty();
        }
        return Origin.parse(origin).filter(names::isOwnOrigin).isPresent() ? Optional.empty()
                : Optional.of("Origin: " + echo(origin));
    }

    /** A header value fit to repeat in a message or log line: bounded, printable ASCII only. */
    private static String echo(String value) {
        if (value == null) {
            return "";
        }
        String cut = value.length() > MAX_ECHOED ? value.substring(0, MAX_ECHOED) + "..." : value;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
