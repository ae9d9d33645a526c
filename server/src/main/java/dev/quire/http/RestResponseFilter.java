package dev.quire.http;

import dev.quire.metrics.QuireMetrics;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Counts every REST response by status class, and logs one DEBUG line per request (logger {@code
 * dev.quire.access}): method, path without query string (queries may carry tokens), status. Runs when the response
 * is written - for an asynchronous answer on the thread that completes it, so the request id is taken from the
 * request attribute {@link Router} set. Thread-safe.
 */
public final class RestResponseFilter implements ContainerResponseFilter {

    private static final Logger access = LoggerFactory.getLogger("dev.quire.access");

    private final QuireMetrics metrics;

    /** @param metrics where to count, or null to only log */
    public RestResponseFilter(QuireMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (metrics != null) {
            metrics.restResponse(response.getStatus());
        }
        if (access.isDebugEnabled()) {
            Object requestId = request.getProperty(Router.LOG_REQUEST);
            boolean own = MDC.get(Router.LOG_REQUEST) == null && requestId != null;
            if (own) {
                MDC.put(Router.LOG_REQUEST, requestId.toString());
            }
            try {
                access.debug("{} /{} {}", request.getMethod(), request.getUriInfo().getPath(false),
                        response.getStatus());
            } finally {
                if (own) {
                    MDC.remove(Router.LOG_REQUEST);
                }
            }
        }
    }
}
