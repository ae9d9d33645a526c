package dev.quire.metrics;

/**
 * Whether Quire measures itself and serves the measurements.
 *
 * @param enabled serve {@code GET /metrics} (Prometheus text) and keep the meters; when false the path answers 404
 *                and the edit path reports to no-op listeners
 */
public record MetricsSettings(boolean enabled) {

    /** Metrics on: {@code /metrics} is served. */
    public static MetricsSettings defaults() {
        return new MetricsSettings(true);
    }
}
