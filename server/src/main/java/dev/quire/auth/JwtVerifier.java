package dev.quire.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies integration JWTs (docs/security.md): HS256 with the configured secret, RS256 and EdDSA with the
 * configured public keys; a {@code kid} must name a configured key (JWKS keys have ids; PEM keys and the HMAC secret
 * have none). Claims: {@code sub} (required), {@code exp} (required, at most {@link JwtRules#maxLifetime()} ahead),
 * {@code iss} and {@code aud} (as configured), {@code nbf}, {@code name}, {@code color}, {@code docs} (required:
 * document id or {@code *} to {@code view}/{@code edit}) and {@code scope} (optional, space-separated; never
 * {@code admin}). Times are checked with {@link JwtRules#clockSkew()} of leeway. Immutable after construction;
 * thread-safe.
 */
final class JwtVerifier {
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final int MAX_NAME = 100;
    private static final int MAX_SUBJECT = 200;
    /** Checked by nimbus-jose-jwt, with {@code iss} and {@code aud} when configured. */
    private static final Set<String> REQUIRED_CLAIMS = Set.of("sub", "exp", "docs");

    private final byte[] hmacSecret;
    private final VerificationKeys keys;
    private final Clock clock;
    private final boolean configured;
    private final JwtRules rules;
    private final DefaultJWTClaimsVerifier<SecurityContext> standardClaims;

    JwtVerifier(AuthSettings settings, Clock clock) {
        this.hmacSecret = settings.jwtHmacSecret() == null ? null
                : settings.jwtHmacSecret().getBytes(StandardCharsets.UTF_8);
        this.keys = new VerificationKeys(settings.jwtPublicKeyFiles(), settings.jwksFile());
        this.clock = clock;
        this.configured = settings.jwtConfigured();
        this.rules = settings.jwtRules();
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (rules.issuer() != null) {
            exact.issuer(rules.issuer());
        }
        this.standardClaims = new DefaultJWTClaimsVerifier<>(
                rules.audience() == null ? null : Set.of(rules.audience()), exact.build(), REQUIRED_CLAIMS, null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        standardClaims.setMaxClockSkew(Math.toIntExact(rules.clockSkew().toSeconds()));
    }

    Authentication verify(String token) {
        if (!configured) {
            return refused(Authentication.Reason.UNKNOWN, "integration tokens are not enabled on this server");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return refused(Authentication.Reason.MALFORMED, "not a signed JWT");
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        String kid = jwt.getHeader().getKeyID();
        if (kid != null && !keys.hasKeyId(kid)) {
            // Without this, a kid naming no key would be tried against every key without an id.
            return refused(Authentication.Reason.BAD_SIGNATURE, "the JWT's kid names no configured key (key ids come"
                    + " from the JWKS file; PEM keys and the HMAC secret have none: their tokens carry no kid)");
        }
        List<JWSVerifier> verifiers = verifiersFor(algorithm, kid);
        if (verifiers.isEmpty()) {
            return refused(Authentication.Reason.BAD_SIGNATURE, "no key accepts JWT algorithm " + algorithm);
        }
        if (!verifiesWithAny(jwt, verifiers)) {
            return refused(Authentication.Reason.BAD_SIGNATURE, "the JWT signature does not verify");
        }
        try {
            return claims(jwt.getJWTClaimsSet());
        } catch (ParseException e) {
            return refused(Authentication.Reason.MALFORMED, "the JWT claims are not valid: " + e.getMessage());
        }
    }

    private List<JWSVerifier> verifiersFor(JWSAlgorithm algorithm, String kid) {
        List<JWSVerifier> verifiers = new ArrayList<>();
        try {
            if (JWSAlgorithm.HS256.equals(algorithm) && hmacSecret != null && kid == null) {
                verifiers.add(new MACVerifier(hmacSecret));
            } else if (JWSAlgorithm.RS256.equals(algorithm)) {
                keys.rsa().stream().filter(k -> k.matches(kid))
                        .forEach(k -> verifiers.add(new RSASSAVerifier((RSAPublicKey) k.key())));
            } else if (JWSAlgorithm.EdDSA.equals(algorithm) || JWSAlgorithm.Ed25519.equals(algorithm)) {
                keys.ed25519().stream().filter(k -> k.matches(kid))
                        .forEach(k -> verifiers.add(new Ed25519Verifier(k.key())));
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("the HMAC secret was checked to be long enough", e);
        }
        return verifiers;
    }

    private static boolean verifiesWithAny(SignedJWT jwt, List<JWSVerifier> verifiers) {
        for (JWSVerifier verifier : verifiers) {
            try {
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException e) {
                // this key cannot check this signature; try the next
            }
        }
        return false;
    }

    private Authentication claims(JWTClaimsSet claims) throws ParseException {
        try {
            standardClaims.verify(claims, null);
        } catch (BadJWTException e) {
            return refusedClaims(claims, e);
        }
        Instant expires = claims.getExpirationTime().toInstant();
        Instant now = clock.instant();
        Instant issued = claims.getIssueTime() == null ? now : claims.getIssueTime().toInstant();
        Duration lifetime = Duration.between(issued.isBefore(now) ? issued : now, expires);
        if (lifetime.compareTo(rules.maxLifetime()) > 0) {
            return refused(Authentication.Reason.MALFORMED, "the JWT is valid for " + lifetime.toSeconds()
                    + " s (from iat or now to exp); this server accepts at most " + rules.maxLifetime().toSeconds()
                    + " s: mint short-lived tokens");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT) {
            return refused(Authentication.Reason.MALFORMED, "the JWT needs a sub claim of 1-" + MAX_SUBJECT
                    + " characters");
        }
        String name = claims.getStringClaim("name");
        if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
            return refused(Authentication.Reason.MALFORMED, "the JWT name claim must be 1-" + MAX_NAME
                    + " characters");
        }
        String color = claims.getStringClaim("color");
        if (color != null && !COLOR.matcher(color).matches()) {
            return refused(Authentication.Reason.MALFORMED, "the JWT color claim must be #rrggbb");
        }
        Map<String, Object> docs = claims.getJSONObjectClaim("docs");
        if (docs == null || docs.isEmpty()) {
            return refused(Authentication.Reason.MALFORMED,
                    "the JWT needs a docs claim: an object of document id (or \"*\") to \"view\" or \"edit\"");
        }
        Map<String, Role> documents = new HashMap<>();
        for (Map.Entry<String, Object> entry : docs.entrySet()) {
            Role role = entry.getValue() instanceof String wire ? Role.ofWire(wire).orElse(null) : null;
            if (role == null || entry.getKey().isEmpty()) {
                return refused(Authentication.Reason.MALFORMED, "the JWT docs claim maps document ids to \"view\" or"
                        + " \"edit\"");
            }
            documents.put(entry.getKey(), role);
        }
        Set<Scope> scopes = EnumSet.of(Scope.DOCUMENTS_READ);
        String scopeClaim = claims.getStringClaim("scope");
        if (scopeClaim == null) {
            if (documents.containsValue(Role.EDIT)) {
                scopes.add(Scope.DOCUMENTS_WRITE);
            }
        } else {
            scopes.clear();
            for (String name2 : scopeClaim.trim().split("\\s+")) {
                Scope scope = Scope.ofWire(name2).orElse(null);
                if (scope == null || scope == Scope.ADMIN) {
                    return refused(Authentication.Reason.MALFORMED, "the JWT scope claim holds '" + name2
                            + "'; allowed: documents:read, documents:write, webhooks:manage");
                }
                scopes.add(scope);
            }
        }
        // Accepted until exp plus the leeway, so a live session is closed when a new request would be refused.
        return new Authentication.Authenticated(new Principal(Principal.Kind.INTEGRATION_JWT, claims.getJWTID(),
                subject, name, color, scopes, documents, expires.plus(rules.clockSkew())));
    }

    /**
     * The refusal for what {@link DefaultJWTClaimsVerifier} found. Its exceptions differ by message only, except the
     * expiry; the messages are fixed strings of nimbus-jose-jwt, pinned by {@code JwtVerifierTest}.
     */
    private Authentication refusedClaims(JWTClaimsSet claims, BadJWTException e) {
        String skew = " (with " + rules.clockSkew().toSeconds() + " s of leeway for clock skew)";
        String message = String.valueOf(e.getMessage());
        if (e instanceof ExpiredJWTException) {
            return refused(Authentication.Reason.EXPIRED, "the JWT expired at "
                    + claims.getExpirationTime().toInstant() + skew);
        }
        if (message.startsWith("JWT before use time")) {
            return refused(Authentication.Reason.EXPIRED, "the JWT is not valid before "
                    + claims.getNotBeforeTime().toInstant() + skew);
        }
        if (message.startsWith("JWT missing required claims")) {
            return refused(Authentication.Reason.MALFORMED, "the JWT lacks required claims "
                    + message.substring(message.indexOf('[')) + "; integration tokens need sub, exp and docs"
                    + (rules.issuer() == null ? "" : ", and iss"));
        }
        if (message.contains(" aud ")) {
            return refused(Authentication.Reason.UNKNOWN, "the JWT is not for this server: its aud claim does not"
                    + " name the audience configured here");
        }
        if (message.contains(" iss ")) {
            return refused(Authentication.Reason.UNKNOWN, "the JWT is not for this server: its iss claim is not the"
                    + " issuer configured here");
        }
        return refused(Authentication.Reason.UNKNOWN, "the JWT claims are refused: " + message);
    }

    private static Authentication refused(Authentication.Reason reason, String detail) {
        return new Authentication.Refused(reason, detail);
    }
}
