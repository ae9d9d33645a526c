package dev.quire.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * {@code Cache-Control: no-store} on every REST answer that does not set its own: answers carry document content,
 * webhook secrets, token metadata and share links, which no browser or proxy cache should keep (a shared computer's
 * cache, a proxy serving one user's document to another). One rule for every path, so a new resource is covered
 * without anyone remembering to. Stateless and thread-safe.
 */
public final class NoStoreFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!response.getHeaders().containsKey(HttpHeaders.CACHE_CONTROL)) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }
}
