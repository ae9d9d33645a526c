package dev.quire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The claim rules of integration JWTs, one row per case: issuer and audience when configured, the clock-skew leeway
 * on both sides of exp and nbf, absurd lifetimes, and a kid that names no configured key.
 */
class JwtVerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final String ISSUER = "https://host.example";
    private static final String AUDIENCE = "quire";
    private static final Map<String, Object> DOCS = Map.of("d1", "edit");

    @TempDir
    static Path dir;
    private static KeyPair rsa;
    private static JwtVerifier verifier;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        Path jwks = dir.resolve("keys.json");
        Files.writeString(jwks, new JWKSet(new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("k1").build())
                .toString());
        AuthSettings settings = AuthSettings.defaults().withJwtHmacSecret(Jwts.HMAC_SECRET).withJwksFile(jwks)
                .withJwtRules(JwtRules.defaults().withIssuer(ISSUER).withAudience(AUDIENCE)
                        .withMaxLifetime(Duration.ofHours(24)).withClockSkew(Duration.ofSeconds(60)));
        verifier = new JwtVerifier(settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Claims that pass every rule, valid for an hour; each row changes one thing. */
    private static JWTClaimsSet.Builder good() {
        return Jwts.claims("u", NOW.plusSeconds(3600), DOCS).issuer(ISSUER).audience(AUDIENCE);
    }

    private static Function<KeyPair, String> hs256(JWTClaimsSet.Builder claims) {
        return keys -> Jwts.hs256(claims.build(), Jwts.HMAC_SECRET);
    }

    private static Function<KeyPair, String> rs256(JWTClaimsSet.Builder claims, String kid) {
        return keys -> Jwts.rs256(claims.build(), keys.getPrivate(), kid);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, token, refusal (null: accepted), words of the detail
                Arguments.of("all rules met", hs256(good()), null, ""),
                Arguments.of("wrong iss", hs256(good().issuer("https://evil.example")),
                        Authentication.Reason.UNKNOWN, "iss"),
                Arguments.of("no iss while one is configured", hs256(good().issuer(null)),
                        Authentication.Reason.MALFORMED, "[iss]"),
                Arguments.of("wrong aud", hs256(good().audience("other-app")), Authentication.Reason.UNKNOWN, "aud"),
                Arguments.of("no aud while one is configured", hs256(good().audience((String) null)),
                        Authentication.Reason.UNKNOWN, "aud"),
                Arguments.of("aud list naming this server", hs256(good().audience(List.of("other-app", AUDIENCE))),
                        null, ""),
                Arguments.of("no exp", hs256(good().expirationTime(null)), Authentication.Reason.MALFORMED, "[exp]"),
                Arguments.of("expired beyond the leeway", hs256(good().expirationTime(at(-61))),
                        Authentication.Reason.EXPIRED, "60 s of leeway"),
                Arguments.of("expired within the leeway", hs256(good().expirationTime(at(-59))), null, ""),
                Arguments.of("not valid yet beyond the leeway", hs256(good().notBeforeTime(at(61))),
                        Authentication.Reason.EXPIRED, "not valid before"),
                Arguments.of("not valid yet within the leeway", hs256(good().notBeforeTime(at(59))), null, ""),
                Arguments.of("valid for the maximum exactly", hs256(good().expirationTime(at(24 * 3600))), null, ""),
                Arguments.of("valid for thirty days", hs256(good().expirationTime(at(30 * 24 * 3600))),
                        Authentication.Reason.MALFORMED, "at most 86400 s"),
                Arguments.of("issued two days before it expires", hs256(good().issueTime(at(-47 * 3600))),
                        Authentication.Reason.MALFORMED, "at most 86400 s"),
                Arguments.of("kid of the JWKS key", rs256(good(), "k1"), null, ""),
                Arguments.of("kid naming no configured key", rs256(good(), "k2"),
                        Authentication.Reason.BAD_SIGNATURE, "kid names no configured key"),
                Arguments.of("kid on an HMAC token", keyed(good(), "k2"), Authentication.Reason.BAD_SIGNATURE,
                        "kid names no configured key"),
                Arguments.of("kid of an RSA key on an HMAC token", keyed(good(), "k1"),
                        Authentication.Reason.BAD_SIGNATURE, "HS256"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void claims(String name, Function<KeyPair, String> token, Authentication.Reason refusal, String detail) {
        Authentication outcome = verifier.verify(token.apply(rsa));

        if (refusal == null) {
            assertInstanceOf(Authentication.Authenticated.class, outcome, outcome::toString);
        } else {
            Authentication.Refused refused = assertInstanceOf(Authentication.Refused.class, outcome);
            assertEquals(refusal, refused.reason(), refused::toString);
            assertTrue(refused.detail().contains(detail), refused::toString);
        }
    }

    @ParameterizedTest(name = "exp {0} s from now")
    @MethodSource("expiries")
    void acceptedToken_expiresForSessionsWhenTheLeewayEnds(long expInSeconds) {
        Principal principal = assertInstanceOf(Authentication.Authenticated.class,
                verifier.verify(hs256(good().expirationTime(at(expInSeconds))).apply(rsa))).principal();

        assertEquals(NOW.plusSeconds(expInSeconds + 60), principal.expiresAt());
    }

    static Stream<Long> expiries() {
        return Stream.of(-30L, 3600L);
    }

    /** An HS256 token with a kid header. */
    private static Function<KeyPair, String> keyed(JWTClaimsSet.Builder claims, String kid) {
        return keys -> Jwts.hs256(claims.build(), Jwts.HMAC_SECRET, kid);
    }

    private static Date at(long secondsFromNow) {
        return Date.from(NOW.plusSeconds(secondsFromNow));
    }
}
