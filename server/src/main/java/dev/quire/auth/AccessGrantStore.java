package dev.quire.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of API tokens and share links ({@link AccessGrant}), looked up by the hash of their secret.
 *
 * <p>Thread-safe; every method is atomic. Writes are durable when they return. Revoked grants are kept (so a list
 * can show them and a revoked secret is told apart from an unknown one). Every implementation passes {@code
 * AccessGrantStoreContractTest}.
 */
public interface AccessGrantStore {

    /** Adds a grant. @throws IllegalArgumentException if its id or secret hash is taken */
    void create(AccessGrant grant);

    /** The grant whose secret hashes to {@code secretHash}, revoked or not. */
    Optional<AccessGrant> findBySecretHash(String secretHash);

    Optional<AccessGrant> find(String id);

    /** Grants of {@code kind}, oldest first; with a non-null {@code documentId} only those naming that document. */
    List<AccessGrant> list(AccessGrant.Kind kind, String documentId);

    /**
     * Marks grant {@code id} revoked at {@code at} (a revoked one keeps its first time).
     *
     * @return the grant as it now is, or empty if there is none
     */
    Optional<AccessGrant> revoke(String id, Instant at);
}
