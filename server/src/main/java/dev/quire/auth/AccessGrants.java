package dev.quire.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Issues, lists and revokes API tokens and share links. A secret is returned once, in {@link Issued}, and only its
 * hash is stored. Revoking tells {@link Revocations}, so sessions admitted with the grant close. Thread-safe.
 *
 * <p>Every grant is also kept in memory by the hash of its secret ({@link #bySecretHash}): the credential check of
 * a request or a WebSocket handshake runs on a thread that reads sockets and must not wait for the disk, so it never
 * reads the store. The grants are read once, when this is built, and it updates the memory right after each write -
 * a revocation before it is announced - so a revoked credential is refused from the moment the revocation is
 * stored. In a cluster the other nodes write grants to the same store: each write is announced
 * ({@link GrantAnnouncements}), and a node that hears of one reads that grant again ({@link #changedElsewhere}).
 */
public final class AccessGrants {
    private final AccessGrantStore store;
    private final Clock clock;
    private final Revocations revocations;
    private final GrantAnnouncements announcements;
    private final SecretTokens secrets = new SecretTokens();
    private final Map<String, AccessGrant> bySecretHash = new ConcurrentHashMap<>();

    /** A grant just made, with its secret: the only time the secret exists outside the client. */
    public record Issued(AccessGrant grant, String secret) {
        @Override
        public String toString() {
            return "Issued[" + grant + "]"; // never the secret
        }
    }

    /** Reads every grant of {@code store} (on the thread that builds it, before anything is served). */
    public AccessGrants(AccessGrantStore store, Clock clock, Revocations revocations) {
        this(store, clock, revocations, GrantAnnouncements.NONE);
    }

    /** As above, telling the other nodes of a cluster of every grant issued or revoked here. */
    public AccessGrants(AccessGrantStore store, Clock clock, Revocations revocations,
                        GrantAnnouncements announcements) {
        this.store = store;
        this.clock = clock;
        this.revocations = revocations;
        this.announcements = announcements;
        for (AccessGrant.Kind kind : AccessGrant.Kind.values()) {
            store.list(kind, null).forEach(this::remember);
        }
    }

    /**
     * A new API token.
     *
     * @param documentIds the documents it is limited to; empty for every document
     * @param expiresAt   null for never
     */
    public Issued issueApiToken(String label, Set<Scope> scopes, Set<String> documentIds, Instant expiresAt) {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one scope");
        }
        String secret = secrets.newSecret(SecretTokens.API_TOKEN_PREFIX);
        AccessGrant grant = new AccessGrant(secrets.newId("tok_"), AccessGrant.Kind.API_TOKEN,
                SecretTokens.sha256Hex(secret), label, scopes.stream().map(Scope::wire).collect(Collectors.toSet()),
                documentIds, null, clock.instant(), expiresAt, null, null);
        store.create(grant);
        remember(grant);
        announcements.issued(grant.id());
        return new Issued(grant, secret);
    }

    /** A new share link to {@code documentId} with {@code role}, made by {@code creator} (recorded, and listed). */
    public Issued issueShareLink(String documentId, Role role, String label, Principal creator) {
        String secret = secrets.newSecret(SecretTokens.SHARE_LINK_PREFIX);
        Set<String> scopes = role == Role.EDIT ? Set.of(Scope.DOCUMENTS_READ.wire(), Scope.DOCUMENTS_WRITE.wire())
                : Set.of(Scope.DOCUMENTS_READ.wire());
        AccessGrant grant = new AccessGrant(secrets.newId("link_"), AccessGrant.Kind.SHARE_LINK,
                SecretTokens.sha256Hex(secret), label, scopes, Set.of(documentId), role.wire(), clock.instant(),
                null, null, creator.reference());
        store.create(grant);
        remember(grant);
        announcements.issued(grant.id());
        return new Issued(grant, secret);
    }

    public List<AccessGrant> apiTokens() {
        return store.list(AccessGrant.Kind.API_TOKEN, null);
    }

    public List<AccessGrant> shareLinks(String documentId) {
        return store.list(AccessGrant.Kind.SHARE_LINK, documentId);
    }

    public Optional<AccessGrant> find(String id) {
        return store.find(id);
    }

    /** Revokes grant {@code id} and closes the sessions admitted with it. @return the grant, or empty if none */
    public Optional<AccessGrant> revoke(String id) {
        Optional<AccessGrant> revoked = store.revoke(id, clock.instant());
        revoked.ifPresent(grant -> {
            remember(grant);
            revocations.revoked(grant.id());
            announcements.revoked(grant.id());
        });
        return revoked;
    }

    /**
     * Another node issued or revoked grant {@code grantId}: reads it from the store (on the caller's thread, never
     * one that reads sockets), keeps it in memory and, if it is revoked, closes the sessions admitted with it.
     */
    public void changedElsewhere(String grantId) {
        store.find(grantId).ifPresent(grant -> {
            remember(grant);
            if (grant.revokedAt() != null) {
                revocations.revoked(grant.id());
            }
        });
    }

    /** The grant whose secret hashes to {@code secretHash}, revoked or not; from memory, never from the store. */
    Optional<AccessGrant> bySecretHash(String secretHash) {
        return Optional.ofNullable(bySecretHash.get(secretHash));
    }

    private void remember(AccessGrant grant) {
        bySecretHash.put(grant.secretHash(), grant);
    }

    /** The principal a live grant stands for. */
    static Principal principalOf(AccessGrant grant) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        grant.scopes().forEach(name -> Scope.ofWire(name).ifPresent(scopes::add));
        Map<String, Role> documents = new HashMap<>();
        if (grant.kind() == AccessGrant.Kind.SHARE_LINK) {
            documents.put(grant.documentId(), Role.ofWire(grant.role()).orElse(Role.VIEW));
            return new Principal(Principal.Kind.SHARE_LINK, grant.id(), null, null, null, scopes, documents,
                    grant.expiresAt());
        }
        if (grant.documentIds().isEmpty()) {
            documents.put(Principal.ANY_DOCUMENT, Role.EDIT); // capped by the scopes
        } else {
            grant.documentIds().forEach(id -> documents.put(id, Role.EDIT));
        }
        return new Principal(Principal.Kind.API_TOKEN, grant.id(), null, null, null, scopes, documents,
                grant.expiresAt());
    }
}
