package dev.quire.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The public keys integration JWTs are checked against, read once at start from PEM files and a JWKS file. RSA keys
 * verify RS256, Ed25519 keys verify EdDSA. Immutable after construction; thread-safe.
 */
final class VerificationKeys {
    /** A key, with its JWKS {@code kid} (null for PEM keys, which only tokens without a {@code kid} select). */
    record Key(String kid, PublicKey key) {
        boolean matches(String wantedKid) {
            return wantedKid == null || wantedKid.equals(kid);
        }
    }

    // The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410): the raw 32-byte key follows it.
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final List<Key> rsa = new ArrayList<>();
    private final List<Key> ed25519 = new ArrayList<>();

    /** @throws IllegalArgumentException if a file cannot be read or holds no usable key (the message names it) */
    VerificationKeys(List<Path> pemFiles, Path jwksFile) {
        for (Path file : pemFiles) {
            add(null, pem(file), file);
        }
        if (jwksFile != null) {
            jwks(jwksFile);
        }
    }

    List<Key> rsa() {
        return List.copyOf(rsa);
    }

    List<Key> ed25519() {
        return List.copyOf(ed25519);
    }

    /** Whether some key has {@code kid} as its id. */
    boolean hasKeyId(String kid) {
        return rsa.stream().anyMatch(k -> kid.equals(k.kid())) || ed25519.stream().anyMatch(k -> kid.equals(k.kid()));
    }

    private void add(String kid, PublicKey key, Path from) {
        if (key instanceof RSAPublicKey) {
            rsa.add(new Key(kid, key));
        } else if (key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA")) {
            ed25519.add(new Key(kid, key));
        } else {
            throw new IllegalArgumentException(from + ": a " + key.getAlgorithm() + " key; only RSA and Ed25519 keys"
                    + " verify integration tokens");
        }
    }

    private static PublicKey pem(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("JWT public key " + file + " cannot be read: " + e.getMessage(), e);
        }
        int begin = text.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = text.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("JWT public key " + file
                    + " is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        String base64 = text.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end).replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JWT public key " + file + " has invalid base64", e);
        }
        for (String algorithm : List.of("RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("JWT public key " + file + " is neither an RSA nor an Ed25519 key");
    }

    private void jwks(Path file) {
        JWKSet set;
        try {
            set = JWKSet.load(file.toFile());
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException("JWKS file " + file + " cannot be read: " + e.getMessage(), e);
        }
        for (JWK jwk : set.getKeys()) {
            try {
                if (jwk instanceof RSAKey rsaKey) {
                    add(jwk.getKeyID(), rsaKey.toRSAPublicKey(), file);
                } else if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
                    add(jwk.getKeyID(), ed25519(okp.getDecodedX()), file);
                }
                // Other key types (EC, oct) are skipped: they verify algorithms Quire does not accept.
            } catch (JOSEException | GeneralSecurityException e) {
                throw new IllegalArgumentException("JWKS file " + file + ": key " + jwk.getKeyID() + " is not usable: "
                        + e.getMessage(), e);
            }
        }
        if (rsa.isEmpty() && ed25519.isEmpty()) {
            throw new IllegalArgumentException("JWKS file " + file + " holds no RSA or Ed25519 key");
        }
    }

    private static PublicKey ed25519(byte[] raw) throws GeneralSecurityException {
        byte[] der = new byte[ED25519_SPKI_PREFIX.length + raw.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, der, ED25519_SPKI_PREFIX.length, raw.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }
}
