package dev.quire.auth;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking, as established from their credential, and what they may do.
 *
 * @param kind         how they authenticated
 * @param credentialId the grant id of an API token or share link ({@code tok_...}, {@code link_...}), so live
 *                     sessions can be closed when it is revoked; null otherwise
 * @param userId       the user id where known (a JWT's {@code sub}); null otherwise
 * @param name         display name where known (a JWT's {@code name}); null lets the client choose
 * @param color        {@code #rrggbb} where known (a JWT's {@code color}); null lets the client choose
 * @param scopes       what they may do across the API
 * @param documents    role per document id; the key {@value #ANY_DOCUMENT} stands for every other document
 * @param expiresAt    when the credential stops working (live sessions are closed then), or null for never
 */
public record Principal(Kind kind, String credentialId, String userId, String name, String color, Set<Scope> scopes,
                        Map<String, Role> documents, Instant expiresAt) {

    /** The key of {@link #documents} that means "every document". */
    public static final String ANY_DOCUMENT = "*";

    /** How a principal authenticated. */
    public enum Kind {
        /** No auth is configured and no credential was presented: a local user, who may do everything. */
        LOCAL_OPEN("local-open"),
        /** The configured admin secret. */
        ADMIN("admin"),
        /** An API token made by an admin. */
        API_TOKEN("api-token"),
        /** A document's share link. */
        SHARE_LINK("share-link"),
        /** A JWT minted by an integrating application. */
        INTEGRATION_JWT("integration-jwt");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public Principal {
        Objects.requireNonNull(kind, "kind");
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
        documents = Map.copyOf(documents);
    }

    /** Everything, for a local user of a server without auth. */
    public static Principal localOpen() {
        return new Principal(Kind.LOCAL_OPEN, null, null, null, null, EnumSet.allOf(Scope.class),
                Map.of(ANY_DOCUMENT, Role.EDIT), null);
    }

    /** Everything, for the holder of the admin secret. */
    public static Principal admin() {
        return new Principal(Kind.ADMIN, null, "admin", null, null, EnumSet.allOf(Scope.class),
                Map.of(ANY_DOCUMENT, Role.EDIT), null);
    }

    public boolean has(Scope scope) {
        return scopes.contains(Scope.ADMIN) || scopes.contains(scope);
    }

    /**
     * The role on {@code documentId}: the document's own entry (else the {@value #ANY_DOCUMENT} entry), capped by the
     * scopes - without {@code documents:write} nobody edits, without {@code documents:read} nobody reads.
     */
    public Optional<Role> roleFor(String documentId) {
        Role role = documents.getOrDefault(documentId, documents.get(ANY_DOCUMENT));
        if (role == null || !has(Scope.DOCUMENTS_READ)) {
            return Optional.empty();
        }
        return Optional.of(has(Scope.DOCUMENTS_WRITE) ? role : Role.VIEW);
    }

    public boolean mayRead(String documentId) {
        return roleFor(documentId).isPresent();
    }

    public boolean mayEdit(String documentId) {
        return roleFor(documentId).filter(role -> role == Role.EDIT).isPresent();
    }

    /** Whether the principal's document access is not limited to a list (so it may create documents). */
    public boolean mayEditAnyDocument() {
        return mayEdit(ANY_DOCUMENT);
    }

    /**
     * The documents this credential is limited to, or empty when it is not limited (it has an {@value #ANY_DOCUMENT}
     * entry: the admin, a local user, an API token without {@code documentIds}, a JWT with {@code "*"}). Independent
     * of the scopes: what the credential could reach, whatever it may do there.
     */
    public Optional<Set<String>> documentLimit() {
        return documents.containsKey(ANY_DOCUMENT) ? Optional.empty() : Optional.of(documents.keySet());
    }

    /**
     * Who this is, for the record of what they made (a share link's creator): the kind, then the API token's id or
     * the JWT's subject ({@code api-token:tok_...}, {@code integration-jwt:user-42}); just the kind for the admin
     * and a local user. Never a secret.
     */
    public String reference() {
        String id = kind == Kind.INTEGRATION_JWT ? userId : kind == Kind.ADMIN ? null : credentialId;
        return id == null ? kind.wire() : kind.wire() + ":" + id;
    }

    /** Whether the credential has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /**
     * Whom this principal's writes count against for the per-credential write budget (docs/security.md): the API
     * token or share link, the JWT's subject, the admin secret; null for a local user of a server without
     * authentication, who has no credential (only each document's budget applies).
     */
    public String writerKey() {
        return switch (kind) {
            case LOCAL_OPEN -> null;
            case ADMIN -> "admin";
            case API_TOKEN, SHARE_LINK -> credentialId != null ? credentialId : kind.wire() + ":" + userId;
            case INTEGRATION_JWT -> "jwt:" + userId;
        };
    }
}
