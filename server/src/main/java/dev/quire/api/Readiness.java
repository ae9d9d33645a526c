package dev.quire.api;

import java.util.List;
import java.util.Objects;

/**
 * Whether this node should get new users ({@code /health/ready}): not ready with the reason, or ready and perhaps
 * degraded - working, slower or with less, because a part that is only a speed-up is away.
 *
 * @param notReady why the node is not ready, or null when it is
 * @param degraded what works less well, each a short sentence; empty when nothing
 */
public record Readiness(String notReady, List<String> degraded) {
    public static final Readiness READY = new Readiness(null, List.of());
    public static final Readiness DRAINING = new Readiness("The server is shutting down and accepts no new work.",
            List.of());

    public Readiness {
        degraded = List.copyOf(Objects.requireNonNull(degraded, "degraded"));
    }

    public static Readiness notReady(String reason) {
        return new Readiness(Objects.requireNonNull(reason, "reason"), List.of());
    }

    public static Readiness degraded(List<String> reasons) {
        return new Readiness(null, reasons);
    }

    public boolean isReady() {
        return notReady == null;
    }
}
