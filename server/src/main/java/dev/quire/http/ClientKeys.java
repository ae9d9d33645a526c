package dev.quire.http;

import dev.quire.auth.Principal;
import java.util.Optional;
import org.glassfish.grizzly.http.server.Request;

/**
 * Who a REST request counts against for the rate limit ({@link ApiRateLimit}). Before authentication only the
 * peer address is known: a presented credential proves nothing until it is verified, and keying on it would give
 * every made-up credential a budget of its own. Once verified, a request counts against its principal, so clients
 * behind one address with credentials of their own are limited separately.
 */
final class ClientKeys {
    private ClientKeys() {
    }

    /** {@code address:<peer ip>}. */
    static String address(Request request) {
        return "address:" + request.getRemoteAddr();
    }

    /**
     * {@code principal:<kind>:<id>} for a verified credential: the grant id of an API token or share link, the user
     * of an integration JWT, {@code admin} for the admin secret. Empty for the local user of a server without auth,
     * who presented nothing and stays keyed by address.
     */
    static Optional<String> principal(Principal principal) {
        String id = switch (principal.kind()) {
            case LOCAL_OPEN -> null;
            case ADMIN -> "admin";
            case API_TOKEN, SHARE_LINK -> principal.credentialId();
            case INTEGRATION_JWT -> principal.userId();
        };
        return id == null ? Optional.empty() : Optional.of("principal:" + principal.kind().wire() + ":" + id);
    }
}
