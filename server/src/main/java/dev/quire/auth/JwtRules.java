package dev.quire.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * What an integration JWT's claims must satisfy besides a good signature (docs/security.md, "Integration JWTs").
 *
 * @param issuer      the {@code iss} every token must carry, or null to accept any issuer
 * @param audience    a value every token's {@code aud} must contain, or null to accept any audience
 * @param maxLifetime the longest a token may be valid: its {@code exp} at most this far after now and, when it has
 *                    one, after its {@code iat}. A JWT cannot be revoked, so one minted for a year is refused
 * @param clockSkew   leeway for {@code exp} and {@code nbf}, as the minter's clock and this server's differ a little;
 *                    a token is accepted, and its sessions stay open, until {@code exp} plus this
 */
public record JwtRules(String issuer, String audience, Duration maxLifetime, Duration clockSkew) {

    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** More leeway than this would let a stolen token outlive its expiry noticeably. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public JwtRules {
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (issuer != null && issuer.isBlank() || audience != null && audience.isBlank()) {
            throw new IllegalArgumentException("JWT issuer and audience: null to accept any, else not blank");
        }
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("JWT max lifetime must be positive, got " + maxLifetime);
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("JWT clock skew must be from 0 to " + MAX_CLOCK_SKEW + ", got "
                    + clockSkew);
        }
    }

    /** Any issuer and audience, tokens valid for at most 24 hours, 60 seconds of clock skew. */
    public static JwtRules defaults() {
        return new JwtRules(null, null, DEFAULT_MAX_LIFETIME, DEFAULT_CLOCK_SKEW);
    }

    public JwtRules withIssuer(String newIssuer) {
        return new JwtRules(newIssuer, audience, maxLifetime, clockSkew);
    }

    public JwtRules withAudience(String newAudience) {
        return new JwtRules(issuer, newAudience, maxLifetime, clockSkew);
    }

    public JwtRules withMaxLifetime(Duration newMaxLifetime) {
        return new JwtRules(issuer, audience, newMaxLifetime, clockSkew);
    }

    public JwtRules withClockSkew(Duration newClockSkew) {
        return new JwtRules(issuer, audience, maxLifetime, newClockSkew);
    }
}
