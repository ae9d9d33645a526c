package dev.quire.http;

import dev.quire.api.ApiError;
import dev.quire.path.CanonicalPath;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.io.IOException;

/**
 * The front door's path rule for the parts of the server that authorise by path: a request bound for the REST API
 * ({@code /api}, {@code /health}) or the WebSocket endpoints ({@code /ws}) must carry its path in canonical form
 * ({@link CanonicalPath}), or it is refused with 404 problem+json {@code non_canonical_path} before Jersey or any
 * authorisation check sees it. So the path the check reads and the path the router matches are the same string.
 * Stateless.
 */
final class CanonicalPathGate {
    private static final String DETAIL = "This path is not in canonical form, so it names no resource: under /api, "
            + "/health and /ws a path is segments of letters, digits, '-', '.', '_' or '~' between single slashes, "
            + "without ';' parameters, percent-escapes, '.' or '..' segments or a trailing slash.";

    private CanonicalPathGate() {
    }

    /**
     * Whether the request may go on; if not, a 404 has been written.
     *
     * @param decoded the request path as {@link RequestPaths#decode} made it, to see where it would be routed
     */
    static boolean admits(String decoded, Request request, Response response) throws IOException {
        if (!isGuarded(decoded) || CanonicalPath.parse(request.getRequestURI()).isPresent()) {
            return true;
        }
        HttpProblems.send(response, 404, DETAIL, ApiError.NON_CANONICAL_PATH.wire());
        return false;
    }

    private static boolean isGuarded(String decoded) {
        for (String root : new String[] {"/api", "/health", "/ws"}) {
            if (decoded.equals(root) || decoded.startsWith(root + "/")) {
                return true;
            }
        }
        return false;
    }
}
