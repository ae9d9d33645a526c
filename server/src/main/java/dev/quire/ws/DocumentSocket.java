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

    public static ServerEndpointConfig endpointConfig(DocumentHubs hubs, ProtocolCodec codec, WsSettings settings,
                                                      ScheduledExecutorService scheduler) {
        return endpointConfig(hubs, codec, settings, scheduler, ConnectionMetrics.NONE);
    }

    /** As above, reporting client errors and slow consumers to {@code metrics}. */
    public static ServerEndpointConfig endpointConfig(DocumentHubs hubs, ProtocolCodec codec, WsSettings settings,
                                                      ScheduledExecutorService scheduler, ConnectionMetrics metrics) {
        EncodedOps encodedOps = new EncodedOps(codec);
        // Connection ids for the logs: short, unique per process, meaningless outside it (no secret, no client data).
        AtomicLong connections = new AtomicLong();
        return ServerEndpointConfig.Builder.create(DocumentConnection.class, PATH)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new DocumentConnection(hubs, codec, encodedOps, settings,
                                scheduler, metrics, "c" + connections.incrementAndGet()));
                    }
                })
                .build();
    }
}
