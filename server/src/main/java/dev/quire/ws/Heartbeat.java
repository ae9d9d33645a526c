package dev.quire.ws;

import jakarta.websocket.Session;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Liveness of one connection by its own heartbeat: pings the client every ping interval and closes the connection
 * (1001) when no frame at all, message or pong, has come for the idle timeout.
 *
 * <p>Thread safety: {@link #start} is called from {@code onOpen} and {@link #stop} from {@code onClose};
 * {@link #heard} from the message and pong handlers; the check runs on the scheduler's thread and closes through
 * the {@link ConnectionSender}, which any thread may call. The time last heard is volatile.
 */
final class Heartbeat {
    private final Duration pingInterval;
    private final Duration idleTimeout;
    private final ScheduledExecutorService scheduler;
    private final ConnectionSender sender;
    private volatile long lastHeardNanos = System.nanoTime();
    private ScheduledFuture<?> beats;

    Heartbeat(Duration pingInterval, Duration idleTimeout, ScheduledExecutorService scheduler,
              ConnectionSender sender) {
        this.pingInterval = pingInterval;
        this.idleTimeout = idleTimeout;
        this.scheduler = scheduler;
        this.sender = sender;
    }

    /** Takes liveness over from Tyrus for {@code session}: its idle timer off, this heartbeat on. */
    void start(Session session) {
        // -1 turns Tyrus's own idle timer off: it would re-arm a scheduled task on every frame (millions queued
        // under load) and, armed at 0 before this method ran, close brand-new sessions at once.
        session.setMaxIdleTimeout(-1);
        // Liveness is checked here rather than with Session.setMaxIdleTimeout: Tyrus 2.2.2's idle timer was
        // seen closing brand-new sessions at once ("closed by the container because of the idle timeout").
        long every = pingInterval.toMillis();
        beats = scheduler.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** A frame came from the client. */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    void stop() {
        if (beats != null) {
            beats.cancel(false);
        }
    }

    /** Closes a connection that has shown no frame (message or pong) for the idle timeout; pings the others. */
    private void beat() {
        if (System.nanoTime() - lastHeardNanos > idleTimeout.toNanos()) {
            sender.close(WsError.IDLE_TIMEOUT, "no frame for " + idleTimeout.toMillis() + " ms");
            return;
        }
        sender.ping();
    }
}
