package dev.quire.auth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The reference {@link AccessGrantStore}: a map under one lock. Durable only as long as the process. */
public final class InMemoryAccessGrantStore implements AccessGrantStore {
    private final Map<String, AccessGrant> byId = new LinkedHashMap<>();

    @Override
    public synchronized void create(AccessGrant grant) {
        if (byId.containsKey(grant.id()) || findBySecretHash(grant.secretHash()).isPresent()) {
            throw new IllegalArgumentException("grant " + grant.id() + " or its secret exists");
        }
        byId.put(grant.id(), grant);
    }

    @Override
    public synchronized Optional<AccessGrant> findBySecretHash(String secretHash) {
        return byId.values().stream().filter(g -> g.secretHash().equals(secretHash)).findFirst();
    }

    @Override
    public synchronized Optional<AccessGrant> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized List<AccessGrant> list(AccessGrant.Kind kind, String documentId) {
        return byId.values().stream().filter(g -> g.kind() == kind)
                .filter(g -> documentId == null || g.documentIds().contains(documentId)).toList();
    }

    @Override
    public synchronized Optional<AccessGrant> revoke(String id, Instant at) {
        return Optional.ofNullable(byId.computeIfPresent(id, (key, grant) -> grant.revoked(at)));
    }
}
