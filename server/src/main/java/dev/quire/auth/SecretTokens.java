package dev.quire.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets and their hashes. A secret carries 256 random bits, so one round of SHA-256 is enough to store it:
 * unlike a password it cannot be guessed, and a slow hash would only slow down every request. Thread-safe.
 */
final class SecretTokens {
    /** Prefix of API token secrets. */
    static final String API_TOKEN_PREFIX = "qt_";
    /** Prefix of share-link secrets. */
    static final String SHARE_LINK_PREFIX = "qs_";

    private final SecureRandom random = new SecureRandom();

    /** {@code prefix} followed by 32 random bytes in base64url. */
    String newSecret(String prefix) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code prefix} followed by 12 random bytes in hex: a public id, not a secret. */
    String newId(String prefix) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Compares two secrets in time that does not depend on where they differ. */
    static boolean sameSecret(String presented, String expected) {
        return MessageDigest.isEqual(sha256(presented), sha256(expected));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
