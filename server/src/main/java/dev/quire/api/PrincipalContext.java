package dev.quire.api;

import dev.quire.auth.Principal;
import jakarta.ws.rs.core.SecurityContext;

/** The JAX-RS security context of a request: carries the {@link Principal} {@link AuthFilter} established. */
final class PrincipalContext implements SecurityContext {
    private final Principal principal;
    private final boolean secure;

    PrincipalContext(Principal principal, boolean secure) {
        this.principal = principal;
        this.secure = secure;
    }

    /** What {@link #getUserPrincipal()} returns: a name for JAX-RS, and our principal behind it. */
    private record Holder(String getName, Principal principal) implements java.security.Principal {
    }

    /**
     * The principal of a request that passed {@link AuthFilter}. Works through the proxy Jersey injects for
     * {@code @Context SecurityContext}, which delegates to this context.
     *
     * @throws IllegalStateException if the request did not pass the filter
     */
    static Principal of(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof Holder holder) {
            return holder.principal();
        }
        throw new IllegalStateException("the request did not pass the AuthFilter");
    }

    @Override
    public java.security.Principal getUserPrincipal() {
        String name = principal.userId() != null ? principal.userId()
                : principal.credentialId() != null ? principal.credentialId() : principal.kind().wire();
        return new Holder(name, principal);
    }

    @Override
    public boolean isUserInRole(String role) {
        return dev.quire.auth.Scope.ofWire(role).map(principal::has).orElse(false);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return principal.kind() == Principal.Kind.LOCAL_OPEN ? null : "Bearer";
    }
}
