package dev.quire.metrics;

import dev.quire.cluster.FeedMetrics;
import dev.quire.collab.HubMetrics;
import dev.quire.store.StorageMetrics;
import dev.quire.webhook.DeliveryMetrics;
import dev.quire.ws.ConnectionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.function.IntSupplier;

/**
 * The registry of one Quire process and its meters. Built once by {@code app}; the listeners it hands out are
 * thread-safe and never throw. Gauges read their values at scrape time from suppliers given by {@code app} (open
 * WebSockets, loaded documents, pending webhook deliveries), so nothing has to be kept in step.
 *
 * <p>Closing it stops the GC listener; the registry is not used after that.
 */
public final class QuireMetrics implements AutoCloseable {

    /** The Content-Type of {@link #scrape()}: Prometheus text exposition format 0.0.4 (what the registry writes). */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final HubMeters hub;
    private final ConnectionMeters connections;
    private final DeliveryMeters deliveries;
    private final StorageMeters storage;
    private final FeedMeters feed;

    public QuireMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.hub = new HubMeters(registry);
        this.connections = new ConnectionMeters(registry);
        this.deliveries = new DeliveryMeters(registry);
        this.storage = new StorageMeters(registry);
        this.feed = new FeedMeters(registry);
        for (int statusClass = 1; statusClass <= 5; statusClass++) {
            restRequests(statusClass * 100); // present from the start, so rate() works before the first error
        }
    }

    /** The feed between the nodes of a cluster. */
    public FeedMetrics feed() {
        return feed;
    }

    public HubMetrics hub() {
        return hub;
    }

    public ConnectionMetrics connections() {
        return connections;
    }

    public DeliveryMetrics deliveries() {
        return deliveries;
    }

    public StorageMetrics storage() {
        return storage;
    }

    /** {@code quire_ws_connections}: open WebSocket connections, read from {@code open} at each scrape. */
    public void openConnections(IntSupplier open) {
        gauge("quire.ws.connections", "Open WebSocket connections", open);
    }

    /** {@code quire_documents_open}: documents loaded in memory (being edited, or in their unload grace). */
    public void openDocuments(IntSupplier open) {
        gauge("quire.documents.open", "Documents loaded in memory: edited now or within the unload grace period",
                open);
    }

    /** {@code quire_webhook_deliveries_pending}: the webhook outbox's depth, read from storage at each scrape. */
    public void pendingWebhookDeliveries(IntSupplier pending) {
        gauge("quire.webhook.deliveries.pending",
                "Webhook deliveries waiting for their first attempt or a retry (the outbox depth)", pending);
    }

    /** Counts one answered REST request (the API and health checks) by status class: 2xx, 4xx, 5xx... */
    public void restResponse(int status) {
        restRequests(status).increment();
    }

    private Counter restRequests(int status) {
        return Counter.builder("quire.rest.requests")
                .description("REST requests answered, by status class")
                .tag("status", status / 100 + "xx")
                .register(registry);
    }

    /** Every meter in Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    private void gauge(String name, String description, IntSupplier value) {
        Gauge.builder(name, () -> {
                    try {
                        return value.getAsInt();
                    } catch (RuntimeException e) {
                        return Double.NaN; // storage closed or failing: "unknown", and the scrape still works
                    }
                })
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
