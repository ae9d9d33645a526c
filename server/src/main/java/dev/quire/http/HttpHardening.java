package dev.quire.http;

import java.util.List;
import java.util.regex.Pattern;

/**
 * HTTP-level protections of the listener. Immutable; validated on construction.
 *
 * @param allowedOrigins        origins, besides the server's own and the public URL's, whose pages may open
 *                              WebSockets ({@code https://app.example.com}); {@code *} allows any. Others get 403.
 * @param frameAncestors        the CSP {@code frame-ancestors} sources: who may show Quire in a frame
 *                              ({@code 'self'} by default; e.g. {@code 'self' https://intranet.example} to embed it,
 *                              {@code 'none'} to forbid framing)
 * @param apiRequestsPerSecond  sustained REST requests per client (address, then verified principal); more get 429
 * @param apiRequestBurst       how many REST requests a client may make at once above that rate
 * @param allowedHosts          host names (or addresses) besides loopback, the public URL's and the bind host's
 *                              that requests may name in {@code Host}; {@code *} allows any. Others get 421.
 */
public record HttpHardening(List<String> allowedOrigins, String frameAncestors, double apiRequestsPerSecond,
                            int apiRequestBurst, List<String> allowedHosts) {

    /** Source expressions CSP allows in frame-ancestors, and nothing that could end the directive. */
    private static final Pattern SOURCES = Pattern.compile("[A-Za-z0-9'*:/._\\-\\[\\] ]+");

    public HttpHardening {
        allowedOrigins = List.copyOf(allowedOrigins);
        WebSocketOrigins.checkOrigins(allowedOrigins); // throws for a value that is not an origin
        allowedHosts = ServerNames.checkAllowedHosts(List.copyOf(allowedHosts));
        checkFrameAncestors(frameAncestors);
        if (!(apiRequestsPerSecond > 0) || Double.isInfinite(apiRequestsPerSecond) || apiRequestBurst < 1) {
            throw new IllegalArgumentException("the API rate must be positive and its burst at least 1: "
                    + apiRequestsPerSecond + ", " + apiRequestBurst);
        }
    }

    /**
     * Checks the values of {@code --ws-allowed-origins}.
     *
     * @return {@code origins}
     * @throws IllegalArgumentException naming the first value that is neither an http(s) origin nor {@code *}
     */
    public static List<String> checkAllowedOrigins(List<String> origins) {
        return WebSocketOrigins.checkOrigins(origins);
    }

    /**
     * Checks the values of {@code --allowed-hosts}.
     *
     * @return {@code hosts}
     * @throws IllegalArgumentException naming the first value that is neither a host (without port) nor {@code *}
     */
    public static List<String> checkAllowedHosts(List<String> hosts) {
        return ServerNames.checkAllowedHosts(hosts);
    }

    /**
     * @return {@code sources} if they can stand in a CSP {@code frame-ancestors} directive
     * @throws IllegalArgumentException naming what is expected
     */
    public static String checkFrameAncestors(String sources) {
        if (sources == null || sources.isBlank() || !SOURCES.matcher(sources).matches()) {
            throw new IllegalArgumentException("must be CSP sources such as 'self' or https://host, got: " + sources);
        }
        return sources;
    }

    /**
     * Same-origin WebSockets only, framing by the same origin only, 50 API requests a second with bursts of 200, no
     * host names beyond the server's own.
     */
    public static HttpHardening defaults() {
        return new HttpHardening(List.of(), "'self'", 50, 200, List.of());
    }

    public HttpHardening withAllowedOrigins(List<String> origins) {
        return new HttpHardening(origins, frameAncestors, apiRequestsPerSecond, apiRequestBurst, allowedHosts);
    }

    public HttpHardening withFrameAncestors(String sources) {
        return new HttpHardening(allowedOrigins, sources, apiRequestsPerSecond, apiRequestBurst, allowedHosts);
    }

    public HttpHardening withApiRate(double perSecond, int burst) {
        return new HttpHardening(allowedOrigins, frameAncestors, perSecond, burst, allowedHosts);
    }

    public HttpHardening withAllowedHosts(List<String> hosts) {
        return new HttpHardening(allowedOrigins, frameAncestors, apiRequestsPerSecond, apiRequestBurst, hosts);
    }
}
