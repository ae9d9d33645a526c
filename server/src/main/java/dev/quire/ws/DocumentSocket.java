package dev.quire.ws;

import dev.quire.collab.DocumentHubs;
import dev.quire.protocol.ProtocolCodec;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/** Builds the endpoint registration for {@code /ws/documents/{id}}: one {@link DocumentConnection} per connection. */
public final class DocumentSocket {
    /** Path of the endpoint, relative to the server root. */
    public static final String PATH = "/ws/documents/{id}";

    private DocumentSocket() {
    }

    /** The endpoint with the default abuse limits. */
    public static ServerEndpointConfig endpointConfig(DocumentHubs hubs, ProtocolCodec codec, WsSettings settings,
                                                      ScheduledExecutorService scheduler) {
        return endpointConfig(hubs, codec, settings, WsLimits.defaults(), scheduler, ConnectionMetrics.NONE);
    }

    /** With abuse limits of the caller's, reporting to no metrics. */
    public static ServerEndpointConfig endpointConfig(DocumentHubs hubs, ProtocolCodec codec, WsSettings settings,
                                                      WsLimits limits, ScheduledExecutorService scheduler) {
        return endpointConfig(hubs, codec, settings, limits, scheduler, ConnectionMetrics.NONE);
    }

    /**
     * The endpoint; its connections share one count of connections per address and per document, and report client
     * errors and slow consumers to {@code metrics}.
     */
    public static ServerEndpointConfig endpointConfig(DocumentHubs hubs, ProtocolCodec codec, WsSettings settings,
                                                      WsLimits limits, ScheduledExecutorService scheduler,
                                                      ConnectionMetrics metrics) {
        EncodedOps encodedOps = new EncodedOps(codec);
        ConnectionCounts counts = new ConnectionCounts(limits.maxConnectionsPerAddress(),
                limits.maxConnectionsPerDocument());
        // Connection ids for the logs: short, unique per process, meaningless outside it (no secret, no client data).
        AtomicLong connections = new AtomicLong();
        return ServerEndpointConfig.Builder.create(DocumentConnection.class, PATH)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new DocumentConnection(hubs, codec, encodedOps, settings, limits,
                                counts, scheduler, metrics, "c" + connections.incrementAndGet()));
                    }
                })
                .build();
    }
}
