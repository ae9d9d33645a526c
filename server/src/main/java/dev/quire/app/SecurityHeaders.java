package dev.quire.app;

import org.glassfish.grizzly.http.server.Response;

/**
 * The headers every HTTP response of Quire carries, static files and API alike. Immutable, thread-safe.
 *
 * <ul>
 * <li>{@code Content-Security-Policy}: scripts only from Quire's own origin (no inline script, no eval), so
 * injected markup cannot run code; styles from self plus inline {@code style} attributes, which Quill and
 * quill-cursors set on elements; images also from http(s) and data: URLs, as documents may embed them; network
 * connections (fetch, WebSocket) to self only; no plugins; {@code base-uri} and {@code form-action} pinned;
 * {@code frame-ancestors} configurable for embedding.</li>
 * <li>{@code X-Content-Type-Options: nosniff}: a response is only ever what its type says.</li>
 * <li>{@code Referrer-Policy: no-referrer}: document URLs (their ids are the only way in) never leak to the sites
 * that linked documents point to.</li>
 * </ul>
 */
final class SecurityHeaders {
    private final String contentSecurityPolicy;

    SecurityHeaders(String frameAncestors) {
        this.contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' https: http: data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors " + frameAncestors;
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    void apply(Response response) {
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}
