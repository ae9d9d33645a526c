package dev.quire.auth;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells live sessions that the grant they were admitted with was revoked, so they can close at once. Transports
 * subscribe per connection; {@link AccessGrants} announces. Thread-safe; listeners run on the revoking thread and
 * must not block.
 */
public final class Revocations {
    private final ConcurrentHashMap<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();
    // Grants revoked while this process runs: a session admitted just before a revocation but subscribed just
    // after it is still told. One short id per revoked grant.
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    /** A subscription; closing it removes the listener. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Runs {@code onRevoke} if grant {@code grantId} is revoked while subscribed - or at once if it was revoked
     * already. {@code onRevoke} must tolerate running twice (a revocation racing the subscription).
     */
    public Subscription subscribe(String grantId, Runnable onRevoke) {
        listeners.computeIfAbsent(grantId, id -> ConcurrentHashMap.newKeySet()).add(onRevoke);
        if (revoked.contains(grantId)) {
            onRevoke.run();
        }
        return () -> listeners.computeIfPresent(grantId, (id, set) -> {
            set.remove(onRevoke);
            return set.isEmpty() ? null : set;
        });
    }

    void revoked(String grantId) {
        revoked.add(grantId);
        Set<Runnable> subscribed = listeners.remove(grantId);
        if (subscribed != null) {
            subscribed.forEach(Runnable::run);
        }
    }
}
