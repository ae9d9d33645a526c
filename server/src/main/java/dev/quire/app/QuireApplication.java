package dev.quire.app;

import dev.quire.api.HealthResource;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds Quire from its parts with plain constructors - the one place that knows them all - and runs it.
 *
 * <p>Construction order follows the dependency arrows of DESIGN.md §2: storage, then the collaboration hub on
 * top of it, then the transports (WebSocket endpoint, REST resources) that call the hub, then the server.
 * Stop runs in reverse: the server stops accepting, the hub and storage are drained, sockets are closed.
 */
public final class QuireApplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QuireApplication.class);

    private final ServerConfig config;
    private final QuireServer server;

    /**
     * @throws ServerConfig.InvalidSettingException if the data directory cannot be created or is not a directory
     * @throws IOException                          if the web client's files cannot be read
     */
    public QuireApplication(ServerConfig config) throws ServerConfig.InvalidSettingException, IOException {
        this.config = config;
        Path data = ensureDirectory(config.data());

        // --- storage (store) --------------------------------------------------------------------------------
        // WIRE-STORE: open the embedded store in `data` here (e.g. new SqliteStore(data.resolve("quire.db"))).

        // --- collaboration (collab) -----------------------------------------------------------------------
        // WIRE-COLLAB: build the hub registry on top of the store here (e.g. new DocumentHubs(store, clock)).

        List<ServerEndpointConfig> endpoints = new ArrayList<>();
        // WIRE-WS: endpoints.add(ServerEndpointConfig.Builder.create(DocumentEndpoint.class, "/ws/documents/{id}")
        //              .configurator(instance(new DocumentEndpoint(hubs, codec))).build());

        ResourceConfig rest = RestConfig.create();
        rest.register(new HealthResource());
        // WIRE-API: rest.register(new DocumentsResource(hubs, store));

        this.server = new QuireServer(config.host(), config.port(), endpoints, rest,
                StaticFiles.fromClasspath(QuireApplication.class.getClassLoader(), "quire-web"),
                ServerTuning.defaults());
        log.debug("data directory {}", data);
    }

    /** Starts listening. @throws IOException if the address cannot be bound (the message names it) */
    public void start() throws IOException {
        server.start();
    }

    /** {@code http://host:port/} with the actual port; valid after {@link #start()}. */
    public URI baseUri() {
        return server.baseUri();
    }

    /** Graceful, bounded stop; safe to call more than once and from a shutdown hook. */
    public void stop() {
        server.stop(this::drain);
    }

    @Override
    public void close() {
        stop();
    }

    /** Runs after the server stopped accepting and before WebSockets are closed. */
    private void drain() {
        // WIRE-COLLAB / WIRE-STORE: stop the hubs taking ops, then flush and close the store here.
    }

    /**
     * A configurator that hands Tyrus {@code instance} for every connection, so endpoints can take their
     * collaborators by constructor. The instance must be thread-safe (all sessions share it).
     */
    public static ServerEndpointConfig.Configurator instance(Object instance) {
        return new ServerEndpointConfig.Configurator() {
            @Override
            public <T> T getEndpointInstance(Class<T> endpointClass) {
                return endpointClass.cast(instance);
            }
        };
    }

    private static Path ensureDirectory(Path dir) throws ServerConfig.InvalidSettingException {
        try {
            return Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            throw new ServerConfig.InvalidSettingException(
                    "--data / QUIRE_DATA: cannot use '" + dir + "' as data directory: " + e);
        }
    }
}
