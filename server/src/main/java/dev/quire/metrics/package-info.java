/**
 * Quire's meters: a Micrometer {@code PrometheusMeterRegistry} with the {@code quire_*} meters and the JVM's, and
 * the implementations of the listener interfaces that {@code collab}, {@code ws}, {@code webhook} and {@code store}
 * report to ({@code HubMetrics}, {@code ConnectionMetrics}, {@code DeliveryMetrics}, {@code StorageMetrics}), so
 * that those packages never see Micrometer. Only {@code app} uses this package; every meter is described in
 * docs/operations.md ("Metrics").
 */
package dev.quire.metrics;
