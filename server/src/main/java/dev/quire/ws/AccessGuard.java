package dev.quire.ws;

import dev.quire.auth.Principal;
import dev.quire.auth.Revocations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a live connection within the access of the credential it was admitted with: closes it when that share
 * link or token is revoked (4403) or the credential expires (4401), whichever comes first, and checks the expiry
 * whenever asked (on every message), so no message is handled after it.
 *
 * <p>Thread safety: called in the connection's lifecycle order: {@link #start} from {@code onOpen},
 * {@link #closeIfExpired} from the message handler, {@link #stop} from {@code onClose}. The revocation callback
 * runs on the revoking thread (inside {@code start}, if the grant was revoked already) and the expiry timer on the
 * scheduler's; both only close through the {@link ConnectionSender}, which any thread may call. The timer re-arms
 * itself from the scheduler's thread, so its handle is volatile.
 */
final class AccessGuard {
    private final Revocations revocations;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ConnectionSender sender;
    private volatile Principal principal;
    private Revocations.Subscription revocation;
    private volatile ScheduledFuture<?> expiry; // re-armed from the scheduler's thread

    AccessGuard(Revocations revocations, Clock clock, ScheduledExecutorService scheduler, ConnectionSender sender) {
        this.revocations = revocations;
        this.clock = clock;
        this.scheduler = scheduler;
        this.sender = sender;
    }

    /** Closes the session when {@code principal}'s credential is revoked or expires, whichever comes first. */
    void start(Principal principal) {
        this.principal = principal;
        if (principal.credentialId() != null && principal.kind() != Principal.Kind.INTEGRATION_JWT) {
            revocation = revocations.subscribe(principal.credentialId(), () -> sender.close(
                    WsError.ACCESS_REVOKED, "the share link or token of this session was revoked"));
            if (sender.isClosing()) {
                revocation.close(); // onClose may have run inside subscribe, before the field was set
                return;
            }
        }
        scheduleExpiry();
    }

    /**
     * Arms the close at the credential's expiry. The scheduler counts monotonic time and the expiry is wall-clock
     * time, so a timer may fire a little early: it then re-arms for what is left.
     */
    private void scheduleExpiry() {
        Instant expiresAt = principal.expiresAt();
        if (expiresAt == null || sender.isClosing()) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis() + 1);
        expiry = scheduler.schedule(() -> {
            if (!closeIfExpired()) {
                scheduleExpiry();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** @return whether the session was closed because its credential expired */
    boolean closeIfExpired() {
        if (principal.expiredAt(clock.instant())) {
            sender.close(WsError.ACCESS_EXPIRED, "the credential of this session expired");
            return true;
        }
        return false;
    }

    /** Cancels the expiry timer and the revocation subscription (the session is closed). */
    void stop() {
        if (expiry != null) {
            expiry.cancel(false);
        }
        if (revocation != null) {
            revocation.close();
        }
    }
}
