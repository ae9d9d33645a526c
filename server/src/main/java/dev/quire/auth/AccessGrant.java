package dev.quire.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A stored credential that grants access: an API token (scopes, optionally limited to some documents) or a share
 * link (one document, one role). Only the SHA-256 of its secret is kept; the secret itself is shown once, when it is
 * made, and never stored.
 *
 * @param id          public identifier ({@code tok_...} or {@code link_...}), used to list and revoke
 * @param kind        what the grant is
 * @param secretHash  lowercase hex SHA-256 of the secret (64 characters)
 * @param label       a name for people (may be empty)
 * @param scopes      wire names of the scopes granted ({@code documents:read}, ...); for a share link the ones
 *                    its role implies
 * @param documentIds the documents it is limited to; empty means every document (never empty for a share link)
 * @param role        {@code view} or {@code edit} for a share link; null for an API token
 * @param createdAt   when it was made
 * @param expiresAt   when it stops working, or null for never
 * @param revokedAt   when it was revoked, or null while it is live
 * @param createdBy   who made a share link: the reference of the credential that made it ({@code admin}, {@code
 *                    api-token:tok_...}, {@code integration-jwt:<sub>}); null for an API token (only the admin makes
 *                    those) and for a link made before it was recorded
 */
public record AccessGrant(String id, Kind kind, String secretHash, String label, Set<String> scopes,
                          Set<String> documentIds, String role, Instant createdAt, Instant expiresAt,
                          Instant revokedAt, String createdBy) {

    /** What kind of credential a grant is. */
    public enum Kind {
        API_TOKEN("api_token"), SHARE_LINK("share_link");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        /** The name stored and shown. */
        public String wire() {
            return wire;
        }

        public static Kind ofWire(String wire) {
            for (Kind kind : values()) {
                if (kind.wire.equals(wire)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown grant kind " + wire);
        }
    }

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public AccessGrant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(createdAt, "createdAt");
        if (!SHA256_HEX.matcher(secretHash).matches()) {
            throw new IllegalArgumentException("secretHash must be 64 lowercase hex digits");
        }
        scopes = Set.copyOf(scopes);
        documentIds = Set.copyOf(documentIds);
        if (kind == Kind.SHARE_LINK && (documentIds.size() != 1 || role == null)) {
            throw new IllegalArgumentException("a share link names exactly one document and a role");
        }
        if (kind == Kind.API_TOKEN && role != null) {
            throw new IllegalArgumentException("an API token has scopes, not a role");
        }
    }

    /** This grant revoked at {@code at}; a revoked grant keeps its first revocation time. */
    public AccessGrant revoked(Instant at) {
        return revokedAt != null ? this : new AccessGrant(id, kind, secretHash, label, scopes, documentIds, role,
                createdAt, expiresAt, at, createdBy);
    }

    /** The one document of a share link. @throws IllegalStateException for an API token */
    public String documentId() {
        if (kind != Kind.SHARE_LINK) {
            throw new IllegalStateException("only a share link has one document");
        }
        return documentIds.iterator().next();
    }

    // The hash is not a secret, but it lets anyone with read access to logs test guesses offline; keep it out.
    @Override
    public String toString() {
        return "AccessGrant[id=" + id + ", kind=" + kind.wire + ", scopes=" + scopes + ", documentIds=" + documentIds
                + ", role=" + role + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + ", revokedAt="
                + revokedAt + ", createdBy=" + createdBy + "]";
    }
}
