package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.protocol.ProtocolCodec;
import dev.quire.json.QuireJson;
import dev.quire.protocol.ServerMessage;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.Test;

/**
 * Several frames in one raw write, through the real Tyrus server and client: the client reads each as its own
 * message, in order. The server endpoint queues a burst on a sender whose lane it runs itself once the burst is
 * queued, so the burst is one write whatever the timing; then it reports how many raw writes it made.
 */
class ConnectionSenderTyrusTest {
    private static final int BURST = 5;

    /** Built by Tyrus (it needs no collaborators): on open, queues a burst, writes it, then tells the write count. */
    public static final class BurstEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            ProtocolCodec codec = new ProtocolCodec(QuireJson.newMapper());
            Queue<Runnable> tasks = new ArrayDeque<>();
            Executor lane = tasks::add;
            ConnectionSender sender = new ConnectionSender(codec, lane, 100, ConnectionMetrics.NONE, "burst");
            RawFrames.Writer raw = RawFrames.of(session);
            if (raw == null) {
                session.getAsyncRemote().sendText("no raw path in this Tyrus");
                return;
            }
            AtomicInteger writes = new AtomicInteger();
            sender.attach(session, "burst", frames -> {
                writes.incrementAndGet();
                return raw.sendRawFrame(frames);
            });
            for (int i = 1; i <= BURST; i++) {
                sender.send(new ServerMessage.Ack(i, i));
            }
            runAll(tasks);
            String path = raw instanceof RawFrames.GrizzlyQueue ? "Grizzly's write queue" : "Tyrus";
            sender.send(new ServerMessage.Error("writes", writes.get() + " through " + path, null));
            runAll(tasks);
        }

        private static void runAll(Queue<Runnable> tasks) {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    /** Deploys the burst endpoint (Tyrus builds this class by reflection too). */
    public static final class BurstApplication implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
            return Set.of(ServerEndpointConfig.Builder.create(BurstEndpoint.class, "/burst").build());
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return Set.of();
        }
    }

    @Test
    void rawWriteOfSeveralFrames_clientReadsEachMessageInOrder() throws Exception {
        Server server = new Server("localhost", 0, "/", Map.of(), BurstApplication.class);
        ClientManager client = ClientManager.createClient();
        try {
            server.start();
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            client.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
                }
            }, ClientEndpointConfig.Builder.create().build(),
                    URI.create("ws://localhost:" + server.getPort() + "/burst"));

            ProtocolCodec codec = new ProtocolCodec(QuireJson.newMapper());
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= BURST; i++) {
                expected.add(codec.encode(new ServerMessage.Ack(i, i)));
            }
            expected.add(codec.encode(new ServerMessage.Error("writes", "1 through Grizzly's write queue", null)));
            List<String> got = new ArrayList<>();
            while (got.size() < expected.size()) {
                String message = received.poll(10, TimeUnit.SECONDS);
                if (message == null) {
                    break;
                }
                got.add(message);
            }
            assertEquals(expected, got, "the burst, one message per frame, in order; then: one raw write, straight to Grizzly's queue");
        } finally {
            client.shutdown();
            server.stop();
        }
    }
}
