package dev.quire.ws;

import dev.quire.collab.DocumentHubs;
import dev.quire.protocol.ProtocolCodec;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.core.HandshakeException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/** Builds the endpoint registration for {@code /ws/documents/{id}}: one {@link DocumentConnection} per connection. */
public final class DocumentSocket {
    /** Path of the endpoint, relative to the server root. */
    public static final String PATH = "/ws/documents/{id}";

    private DocumentSocket() {
    }

    /** The key under which the handshake leaves the connection's {@link Admission} in its user properties. */
    static final String ADMISSION = Admission.class.getName();

    /**
     * The endpoint; its connections share one count of connections per address and per document, and report client
     * errors and slow consumers to {@code metrics}.
     *
     * @param lanes the threads that write to the connections (each connection keeps one, so its order holds)
     * @param auth authenticates each upgrade before a session exists (Tyrus 2.2 gives every handshake its own copy
     *             of the user properties, so the admission handed to {@code onOpen} is this connection's own)
     */
    public static ServerEndpointConfig endpointConfig(DocumentHubs hubs, ProtocolCodec codec, WsSettings settings,
                                                      WsLimits limits, ScheduledExecutorService scheduler,
                                                      SendLanes lanes, ConnectionMetrics metrics,
                                                      HandshakeAuth auth) {
        EncodedOps encodedOps = new EncodedOps(codec);
        OpReleases releases = new OpReleases(scheduler);
        ClientIdentities identities = new ClientIdentities();
        ConnectionCounts counts = new ConnectionCounts(limits.maxConnectionsPerAddress(),
                limits.maxConnectionsPerDocument());
        // Connection ids for the logs: short, unique per process, meaningless outside it (no secret, no client data).
        AtomicLong connections = new AtomicLong();
        return ServerEndpointConfig.Builder.create(DocumentConnection.class, PATH)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new DocumentConnection(hubs, codec, identities, encodedOps, releases,
                                lanes.next(), settings, limits, counts, scheduler, metrics,
                                "c" + connections.incrementAndGet(), auth));
                    }

                    @Override
                    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request,
                                                HandshakeResponse response) {
                        try {
                            config.getUserProperties().put(ADMISSION, auth.admit(request, response));
                        } catch (HandshakeException refused) {
                            throwUnchecked(refused);
                        }
                    }
                })
                .build();
    }

    /**
     * Tyrus answers a {@link HandshakeException} thrown while it builds the upgrade response with that exception's
     * HTTP status and makes no session - the only way JSR 356 leaves to refuse with 401/403 rather than a generic
     * failure - but {@code modifyHandshake} cannot declare the checked exception, so it is rethrown unchecked.
     */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void throwUnchecked(Throwable e) throws E {
        throw (E) e;
    }
}
