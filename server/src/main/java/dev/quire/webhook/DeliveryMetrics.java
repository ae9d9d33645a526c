package dev.quire.webhook;

import java.time.Duration;

/**
 * What webhook deliveries tell whoever measures them ({@code app} wires a Micrometer implementation; {@code
 * webhook} never sees it). No-op defaults. Called from many delivery workers at once: implementations must be
 * thread-safe, fast, and must not throw.
 */
public interface DeliveryMetrics {

    /** Measures nothing. */
    DeliveryMetrics NONE = new DeliveryMetrics() {
    };

    /** One attempt got a 2xx answer after {@code latency} (request sent to response read). */
    default void succeeded(Duration latency) {
    }

    /**
     * One attempt failed after {@code latency}: a non-2xx answer, no answer (timeout, refused connection), or not
     * sent at all (the SSRF guard refused the address; latency zero). It may be retried.
     */
    default void failed(Duration latency) {
    }
}
