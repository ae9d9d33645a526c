package dev.quire.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** Mints integration JWTs for tests, as a host application would. */
public final class Jwts {
    public static final String HMAC_SECRET = "a-test-secret-of-at-least-32-bytes-long!";

    private Jwts() {
    }

    public static JWTClaimsSet.Builder claims(String sub, Instant exp, Map<String, Object> docs) {
        return new JWTClaimsSet.Builder().subject(sub).expirationTime(Date.from(exp)).claim("docs", docs);
    }

    public static String hs256(JWTClaimsSet claims, String secret) {
        return hs256(claims, secret, null);
    }

    /** With a {@code kid} header, or none if null. */
    public static String hs256(JWTClaimsSet claims, String secret, String kid) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rs256(JWTClaimsSet claims, PrivateKey key, String kid) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** EdDSA signed with the JDK's Ed25519, as nimbus's own signer would need Tink. */
    public static String eddsa(JWTClaimsSet claims, PrivateKey key) {
        try {
            String header = Base64URL.encode("{\"alg\":\"EdDSA\"}").toString();
            String payload = Base64URL.encode(claims.toString()).toString();
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64URL.encode(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
