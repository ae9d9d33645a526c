package dev.quire.auth;

import java.time.Clock;
import java.util.Optional;

/**
 * Turns a presented bearer credential into a {@link Principal} or a precise {@link Authentication.Refused}. The one
 * place that knows every kind of credential: the admin secret, API tokens ({@code qt_...}), share-link secrets
 * ({@code qs_...}) and integration JWTs. Waits for nothing: grants are looked up in {@link AccessGrants}' memory, so
 * the thread that read the request or handshake may call it. Thread-safe. Never logs or returns the credential.
 */
public final class Authenticator {
    private final AuthSettings settings;
    private final AccessGrants grants;
    private final Clock clock;
    private final JwtVerifier jwts;

    /** @throws IllegalArgumentException if a configured key file cannot be read (the message names it) */
    public Authenticator(AuthSettings settings, AccessGrants grants, Clock clock) {
        this.settings = settings;
        this.grants = grants;
        this.clock = clock;
        this.jwts = new JwtVerifier(settings, clock);
    }

    /** Whether a request without a credential is refused (else it is a local user). */
    public boolean required() {
        return settings.required();
    }

    /**
     * Authenticates {@code credential}, the bearer string (null or blank: nothing presented).
     */
    public Authentication authenticate(String credential) {
        if (credential == null || credential.isBlank()) {
            return settings.required()
                    ? new Authentication.Refused(Authentication.Reason.MISSING, "a bearer credential is required")
                    : new Authentication.Authenticated(Principal.localOpen());
        }
        if (credential.startsWith(SecretTokens.API_TOKEN_PREFIX)
                || credential.startsWith(SecretTokens.SHARE_LINK_PREFIX)) {
            return grant(credential);
        }
        if (settings.adminToken() != null && SecretTokens.sameSecret(credential, settings.adminToken())) {
            return new Authentication.Authenticated(Principal.admin());
        }
        if (credential.chars().filter(c -> c == '.').count() == 2) {
            return jwts.verify(credential);
        }
        return new Authentication.Refused(Authentication.Reason.UNKNOWN, "the credential is not known");
    }

    /**
     * The credential of an {@code Authorization} header value: empty when the header is absent, the token of a
     * {@code Bearer} header, and {@code null} inside the Optional is never returned.
     *
     * @throws IllegalArgumentException if the header is present but not {@code Bearer <token>}
     */
    public static Optional<String> bearer(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String value = authorizationHeader.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer") || value.substring(space).isBlank()) {
            throw new IllegalArgumentException("the Authorization header must be 'Bearer <token>'");
        }
        return Optional.of(value.substring(space + 1).strip());
    }

    private Authentication grant(String secret) {
        Optional<AccessGrant> found = grants.bySecretHash(SecretTokens.sha256Hex(secret));
        if (found.isEmpty()) {
            return new Authentication.Refused(Authentication.Reason.UNKNOWN, "the token or link is not known");
        }
        AccessGrant grant = found.get();
        if (grant.revokedAt() != null) {
            return new Authentication.Refused(Authentication.Reason.REVOKED, "the token or link was revoked");
        }
        Principal principal = AccessGrants.principalOf(grant);
        if (principal.expiredAt(clock.instant())) {
            return new Authentication.Refused(Authentication.Reason.EXPIRED, "the token expired at "
                    + grant.expiresAt());
        }
        return new Authentication.Authenticated(principal);
    }
}
