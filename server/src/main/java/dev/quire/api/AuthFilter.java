package dev.quire.api;

import dev.quire.auth.Authentication;
import dev.quire.auth.Authenticator;
import dev.quire.auth.Principal;
import dev.quire.path.CanonicalPath;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every REST request and checks it against {@link AccessRules} before any resource runs: 401
 * problem+json with {@code WWW-Authenticate: Bearer} for a missing or invalid credential, 403 for a valid one that
 * does not allow the request. Pre-matching, so an unknown path tells an unauthenticated client nothing. A path not in
 * canonical form ({@link CanonicalPath}) is refused with 404 first: the rule must be looked up on the very segments
 * Jersey routes, and only a canonical path guarantees that (the front door refuses such paths already). Resources
 * read the principal with {@link PrincipalContext#of}. Never logs the credential. Thread-safe.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AuthFilter.class);

    private final Authenticator authenticator;

    public AuthFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        // The raw path, as the front door checked it: Jersey's decoded path would hide ';' parameters and escapes.
        Optional<CanonicalPath> path = CanonicalPath.parse(request.getUriInfo().getRequestUri().getRawPath());
        if (path.isEmpty()) {
            request.abortWith(problem(404, "this path is not in canonical form, so it names no resource",
                    ApiError.NON_CANONICAL_PATH.wire()).build());
            return;
        }
        AccessRules.Requirement requirement = AccessRules.of(request.getMethod(), path.get());
        if (requirement instanceof AccessRules.Public) {
            return; // health and the OpenAPI description: nothing to check, no credential needed or looked at
        }
        String credential;
        try {
            credential = Authenticator.bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION)).orElse(null);
        } catch (IllegalArgumentException e) {
            refuse(request, Authentication.Reason.MALFORMED, e.getMessage());
            return;
        }
        Authentication outcome = authenticator.authenticate(credential);
        if (outcome instanceof Authentication.Refused refused) {
            refuse(request, refused.reason(), refused.detail());
            return;
        }
        Principal principal = ((Authentication.Authenticated) outcome).principal();
        if (!requirement.allows(principal)) {
            log.debug("{} {} refused for a {} principal: needs {}", request.getMethod(),
                    request.getUriInfo().getPath(), principal.kind().wire(), requirement.describe());
            request.abortWith(problem(403, "this credential does not allow this request: it needs "
                    + requirement.describe(), ApiError.FORBIDDEN.wire()).build());
            return;
        }
        request.setSecurityContext(new PrincipalContext(principal, request.getSecurityContext().isSecure()));
    }

    /**
     * The principal this filter established for {@code request}, for filters that run after it; empty for public
     * paths, which it does not authenticate, and for requests it refused.
     */
    public static Optional<Principal> principalOf(ContainerRequestContext request) {
        SecurityContext context = request.getSecurityContext();
        return context instanceof PrincipalContext ? Optional.of(PrincipalContext.of(context)) : Optional.empty();
    }

    private static void refuse(ContainerRequestContext request, Authentication.Reason reason, String detail) {
        log.debug("{} {} refused: {}", request.getMethod(), request.getUriInfo().getPath(), reason.wire());
        request.abortWith(problem(401, detail, reason.wire())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"quire\"" + (reason
                        == Authentication.Reason.MISSING ? "" : ", error=\"invalid_token\"")).build());
    }

    private static Response.ResponseBuilder problem(int status, String detail, String code) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, detail, code))
                .header("Cache-Control", "no-store");
    }
}
