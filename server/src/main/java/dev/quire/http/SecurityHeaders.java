package dev.quire.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.List;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.MimeHeaders;

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
 *
 * <p>A REST response may set one of them itself (the HTML export sends a stricter policy): Jersey adds its headers
 * to those already set rather than replacing them, so {@link RestOverride} takes the router's value out first and
 * each header is sent once.
 */
final class SecurityHeaders {
    private static final List<String> NAMES = List.of("Content-Security-Policy", "X-Content-Type-Options",
            "Referrer-Policy");
    /** Request attribute: the headers of the response being written, for {@link RestOverride}. */
    private static final String RESPONSE_HEADERS = SecurityHeaders.class.getName() + ".response";

    private final String contentSecurityPolicy;

    SecurityHeaders(String frameAncestors) {
        this.contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' https: http: data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors " + frameAncestors;
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    void apply(Request request, Response response) {
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        request.setAttribute(RESPONSE_HEADERS, response.getResponse().getHeaders());
    }

    /** Lets a REST response's own value of a security header replace the router's. Thread-safe. */
    static final class RestOverride implements ContainerResponseFilter {
        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            if (request.getProperty(RESPONSE_HEADERS) instanceof MimeHeaders written) {
                for (String name : NAMES) {
                    if (response.getHeaders().containsKey(name)) {
                        written.removeHeader(name);
                    }
                }
            }
        }
    }
}
