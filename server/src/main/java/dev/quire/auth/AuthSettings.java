package dev.quire.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How Quire authenticates. With nothing configured ({@link #defaults()}) every request without a credential is a
 * local user who may do everything, which is only safe on a loopback address: see {@link #checkBind(String)}.
 *
 * @param adminToken        the admin bootstrap secret ({@code QUIRE_ADMIN_TOKEN}), at least 32 characters, or null
 * @param jwtHmacSecret     the HS256 secret for integration JWTs, at least 32 bytes of UTF-8, or null
 * @param jwtPublicKeyFiles PEM files ({@code -----BEGIN PUBLIC KEY-----}, RSA or Ed25519) for RS256/EdDSA JWTs
 * @param jwksFile          a JWKS file (RSA and OKP/Ed25519 keys) for RS256/EdDSA JWTs, or null
 * @param openAccess        allow a non-loopback bind with no auth configured (everyone may do everything)
 * @param jwtRules          what integration JWTs' claims must satisfy (issuer, audience, lifetime, clock skew)
 */
public record AuthSettings(String adminToken, String jwtHmacSecret, List<Path> jwtPublicKeyFiles, Path jwksFile,
                           boolean openAccess, JwtRules jwtRules) {

    /** Shortest admin secret accepted: it is the key to everything. */
    public static final int MIN_ADMIN_TOKEN_LENGTH = 32;
    /** HS256 needs a key of at least 256 bits (RFC 7518 §3.2). */
    public static final int MIN_HMAC_SECRET_BYTES = 32;

    /** Names of the settings, for messages that tell the operator what to set. */
    static final String AUTH_SETTING_NAMES = "--admin-token / QUIRE_ADMIN_TOKEN, --jwt-hmac-secret / "
            + "QUIRE_JWT_HMAC_SECRET, --jwt-public-key / QUIRE_JWT_PUBLIC_KEY or --jwt-jwks-file / QUIRE_JWT_JWKS_FILE";
    static final String OPEN_SETTING_NAME = "--open-access / QUIRE_OPEN_ACCESS=true";

    /** A bind refused because it would expose an open server. The message names the settings that fix it. */
    public static final class InsecureBindException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InsecureBindException(String message) {
            super(message);
        }
    }

    public AuthSettings {
        jwtPublicKeyFiles = List.copyOf(jwtPublicKeyFiles);
        Objects.requireNonNull(jwtRules, "jwtRules");
        if (adminToken != null && adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("admin token: at least " + MIN_ADMIN_TOKEN_LENGTH
                    + " characters (e.g. openssl rand -base64 32)");
        }
        if (jwtHmacSecret != null && jwtHmacSecret.getBytes(StandardCharsets.UTF_8).length < MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException("JWT HMAC secret: at least " + MIN_HMAC_SECRET_BYTES + " bytes");
        }
    }

    /** Nothing configured: open to local users, loopback only. */
    public static AuthSettings defaults() {
        return new AuthSettings(null, null, List.of(), null, false, JwtRules.defaults());
    }

    public AuthSettings withAdminToken(String token) {
        return new AuthSettings(token, jwtHmacSecret, jwtPublicKeyFiles, jwksFile, openAccess, jwtRules);
    }

    public AuthSettings withJwtHmacSecret(String secret) {
        return new AuthSettings(adminToken, secret, jwtPublicKeyFiles, jwksFile, openAccess, jwtRules);
    }

    public AuthSettings withJwtPublicKeyFiles(List<Path> files) {
        return new AuthSettings(adminToken, jwtHmacSecret, files, jwksFile, openAccess, jwtRules);
    }

    public AuthSettings withJwksFile(Path file) {
        return new AuthSettings(adminToken, jwtHmacSecret, jwtPublicKeyFiles, file, openAccess, jwtRules);
    }

    public AuthSettings withOpenAccess(boolean open) {
        return new AuthSettings(adminToken, jwtHmacSecret, jwtPublicKeyFiles, jwksFile, open, jwtRules);
    }

    public AuthSettings withJwtRules(JwtRules rules) {
        return new AuthSettings(adminToken, jwtHmacSecret, jwtPublicKeyFiles, jwksFile, openAccess, rules);
    }

    /** Whether integration JWTs can be verified (some key is configured). */
    public boolean jwtConfigured() {
        return jwtHmacSecret != null || !jwtPublicKeyFiles.isEmpty() || jwksFile != null;
    }

    /** Whether any credential is configured; if not, requests without a credential are local users. */
    /** For the start-up line: which credentials are accepted, never the secrets themselves. */
    public String mode() {
        if (!required()) {
            return openAccess ? "none (OPEN ACCESS)" : "none (open to local users, loopback only)";
        }
        List<String> modes = new java.util.ArrayList<>();
        if (adminToken != null) {
            modes.add("admin token");
        }
        if (jwtConfigured()) {
            modes.add("integration JWTs");
        }
        modes.add("API tokens and share links");
        return "required (" + String.join(", ", modes) + ")";
    }

    public boolean required() {
        return adminToken != null || jwtConfigured();
    }

    /**
     * Whether Quire may listen on {@code host} with these settings. Loopback addresses are always allowed; any other
     * address (including {@code 0.0.0.0}) needs auth configured, or {@link #openAccess()}.
     *
     * @return a warning to log loudly when the bind is allowed only because of {@code openAccess}; empty otherwise
     * @throws InsecureBindException if the bind would expose a server open to everyone
     */
    public Optional<String> checkBind(String host) {
        if (required() || isLoopback(host)) {
            return Optional.empty();
        }
        if (openAccess) {
            return Optional.of("OPEN ACCESS: listening on " + host + " with no authentication; anyone who can reach"
                    + " this address can read, change and delete every document. Configure " + AUTH_SETTING_NAMES
                    + " to require credentials.");
        }
        throw new InsecureBindException("refusing to listen on " + host + " without authentication: configure "
                + AUTH_SETTING_NAMES + ", or listen on 127.0.0.1, or set " + OPEN_SETTING_NAME
                + " to allow open access on purpose");
    }

    /** Whether {@code host} (a name or a literal address) is a loopback address; a name is resolved once. */
    public static boolean isLoopback(String host) {
        Objects.requireNonNull(host, "host");
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Literal addresses are parsed without a lookup; a name that resolves is judged by what it resolves to.
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // the bind itself will fail with a precise message
        }
    }

    // Secrets never reach a log line through toString.
    @Override
    public String toString() {
        return "AuthSettings[adminToken=" + (adminToken == null ? "unset" : "set") + ", jwtHmacSecret="
                + (jwtHmacSecret == null ? "unset" : "set") + ", jwtPublicKeyFiles=" + jwtPublicKeyFiles
                + ", jwksFile=" + jwksFile + ", openAccess=" + openAccess + ", jwtRules=" + jwtRules + "]";
    }
}
