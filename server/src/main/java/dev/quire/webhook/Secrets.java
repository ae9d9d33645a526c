package dev.quire.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signing secrets and ids. Secrets are {@code whsec_} + standard base64 of random bytes (Standard Webhooks);
 * ids are a prefix + 22 URL-safe characters (128 random bits), unguessable so that they can appear in URLs.
 * Thread-safe.
 */
final class Secrets {

    static final String PREFIX = "whsec_";

    private final SecureRandom random;
    private final int secretBytes;

    Secrets(SecureRandom random, int secretBytes) {
        if (secretBytes < 24 || secretBytes > 64) {
            throw new IllegalArgumentException("secretBytes must be 24-64: " + secretBytes);
        }
        this.random = random;
        this.secretBytes = secretBytes;
    }

    /** A new secret, {@code whsec_<base64>}. */
    String newSecret() {
        byte[] key = new byte[secretBytes];
        random.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** A new id: {@code prefix} + 22 URL-safe characters. */
    String newId(String prefix) {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }
}
