package dev.quire.ws;

import static dev.quire.testkit.WsTestClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.ot.Op;
import dev.quire.app.SecurityLimits;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;

/**
 * Seeded hostile-input fuzzing against a live document on the real server (invariant 6: a bad message harms
 * nobody else). Honest clients type letters of {@link HostileFrames#HONEST_ALPHABET} and delete, while hostile
 * connections - some joined to the document, some not - send thousands of generated and mutated frames (invalid
 * JSON, wrong types, huge and negative numbers, deltas past the end, deeply nested attributes, {@code __proto__}
 * keys, oversized strings, binary frames) and raw sockets send frames no library would (invalid UTF-8, reserved
 * opcodes and bits, unmasked frames, absurd lengths). Afterwards the server is up, the honest clients converged,
 * the document holds only honest characters and no attributes, no honest client was sent an error, and no
 * session is left behind.
 *
 * <p>Replay with {@code -Dquire.seed=N}. The frames are a function of the seed; the interleaving is the
 * network's.
 */
class HostileInputFuzzTest {
    private static final String DOCUMENT = "fuzz";
    private static final int HONEST = 3;
    private static final int HONEST_EDITS = 250;
    private static final int HOSTILE = 4;
    private static final int MIN_FRAMES_PER_HOSTILE = 800;

    @Test
    void hostileFrames_harmNeitherTheDocumentNorHonestClients() throws Exception {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("HostileInputFuzzTest seed=" + seed + " (replay with -Dquire.seed=" + seed + ")");
        Random random = new Random(seed);
        ExecutorService pool = Executors.newFixedThreadPool(HOSTILE + 1);
        AtomicBoolean honestDone = new AtomicBoolean();
        AtomicInteger framesSent = new AtomicInteger();
        // Every client of this test shares 127.0.0.1 and one machine with the flood: the per-address cap and the
        // slow-consumer bound (which have tests of their own) are raised so that a closing storm of hostile
        // connections or a starved test thread cannot turn an honest client away. Everything else is default.
        try (TestServer server = TestServer.start(WsSettings.defaults().toBuilder().maxPendingSends(100_000).build(),
                SecurityLimits.defaults().withWebSocket(WsLimits.defaults().toBuilder()
                        .maxConnectionsPerAddress(10_000).maxConnectionsPerDocument(10_000).build()))) {
            List<WsTestClient> honest = new ArrayList<>();
            for (int i = 0; i < HONEST; i++) {
                honest.add(server.client(DOCUMENT, "honest" + i).connect().join());
            }
            List<Future<?>> attackers = new ArrayList<>();
            for (int i = 0; i < HOSTILE; i++) {
                long attackerSeed = random.nextLong();
                int number = i;
                attackers.add(pool.submit(() -> attack(server, number, new Random(attackerSeed), honestDone, framesSent)));
            }
            long rawSeed = random.nextLong();
            attackers.add(pool.submit(() -> rawAttack(server, new Random(rawSeed), honestDone, framesSent)));

            for (int step = 0; step < HONEST_EDITS * HONEST; step++) {
                WsTestClient client = honest.get(random.nextInt(HONEST));
                client.edit(content -> honestEdit(random, content.length()));
                if (step % 20 == 0) {
                    Await.until(() -> !client.hasPending(), Duration.ofSeconds(30),
                            () -> "seed=" + seed + ": an honest edit was not acknowledged; " + client.clientId()
                                    + " is " + client.closeState());
                }
            }
            honestDone.set(true);
            for (Future<?> attacker : attackers) {
                attacker.get(60, TimeUnit.SECONDS);
            }
            System.out.println("HostileInputFuzzTest seed=" + seed + ": " + framesSent.get() + " hostile frames");
            assertTrue(framesSent.get() >= HOSTILE * MIN_FRAMES_PER_HOSTILE, "frames sent: " + framesSent.get());

            Await.until(() -> honest.stream().noneMatch(WsTestClient::hasPending), Duration.ofSeconds(30),
                    () -> "seed=" + seed + ": honest edits still unacknowledged; " + states(honest));
            try (WsTestClient observer = server.client(DOCUMENT, "observer").connect().join()) {
                Delta document = observer.content();
                long version = observer.version();
                Await.until(() -> honest.stream().allMatch(c -> c.isSettled(version)), Duration.ofSeconds(30),
                        () -> "seed=" + seed + ": honest clients did not reach version " + version + "; "
                                + states(honest));
                for (WsTestClient client : honest) {
                    assertEquals(document, client.content(), "seed=" + seed + ": " + client.clientId() + " diverged");
                    List<JsonNode> errors = client.received().stream().filter(m -> type(m).equals("error")).toList();
                    assertTrue(errors.isEmpty(), "seed=" + seed + ": an honest client got errors " + errors);
                }
                assertOnlyHonestText(seed, document);
                assertEquals(document, WsTestClient.delta(restContent(server)), "seed=" + seed + ": REST sees the same");
            }
            honest.forEach(WsTestClient::close);
            Await.until(() -> server.openWebSocketCount() == 0, Duration.ofSeconds(20),
                    () -> "seed=" + seed + ": sessions left open: " + server.openWebSocketCount());
        } finally {
            honestDone.set(true);
            pool.shutdownNow();
        }
    }

    private static String states(List<WsTestClient> clients) {
        return clients.stream().map(c -> c.clientId() + " " + c.closeState()).toList().toString();
    }

    private static Delta honestEdit(Random random, int length) {
        int at = random.nextInt(length); // before the final newline
        Delta.Builder edit = Delta.builder().retain(at);
        if (random.nextInt(4) == 0 && length - 1 - at > 0) {
            return edit.delete(1 + random.nextInt(Math.min(5, length - 1 - at))).build();
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            text.append(HostileFrames.HONEST_ALPHABET.charAt(random.nextInt(HostileFrames.HONEST_ALPHABET.length())));
        }
        return edit.insert(text.toString()).build();
    }

    private static void assertOnlyHonestText(long seed, Delta document) {
        for (Op op : document.ops()) {
            assertTrue(op instanceof Op.Insert, "seed=" + seed + ": not plain text: " + op);
            assertTrue(op.attributes().isEmpty(), "seed=" + seed + ": attributes got in: " + op);
            String text = ((Op.Insert) op).text();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                assertTrue(c == '\n' || HostileFrames.HONEST_ALPHABET.indexOf(c) >= 0,
                        "seed=" + seed + ": a hostile character got in: U+" + Integer.toHexString(c) + " in " + document);
            }
        }
    }

    private static JsonNode restContent(TestServer server) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.baseUri().resolve("/api/documents/" + DOCUMENT)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return WsTestClient.JSON.readTree(response.body()).get("content");
    }

    /**
     * One hostile client: connects (joining the document half of the time), sends hostile frames until the server
     * closes it (too many errors, rate limit, size) and connects again, until the honest clients are done and it
     * has sent its share.
     */
    private static Void attack(TestServer server, int number, Random random, AtomicBoolean honestDone,
                               AtomicInteger framesSent) throws Exception {
        HostileFrames frames = new HostileFrames(random);
        ClientManager manager = ClientManager.createClient();
        URI uri = WsTestClient.wsUri(server.baseUri()).resolve("/ws/documents/" + DOCUMENT);
        int sent = 0;
        int connection = 0;
        try {
            while (!honestDone.get() || sent < MIN_FRAMES_PER_HOSTILE) {
                Session session;
                try {
                    session = manager.connectToServer(new Endpoint() {
                        @Override
                        public void onOpen(Session s, EndpointConfig config) {
                            s.setMaxIdleTimeout(-1);
                            s.setMaxTextMessageBufferSize(4 << 20);
                        }
                    }, ClientEndpointConfig.Builder.create().build(), uri);
                } catch (Exception refused) {
                    continue; // e.g. over the per-address cap while closed connections are still being released
                }
                connection++;
                try {
                    if (random.nextBoolean()) {
                        session.getBasicRemote().sendText("{\"type\":\"hello\",\"protocol\":2,\"name\":\"<b>evil "
                                + number + "-" + connection + "</b>\"}");
                    }
                    for (int i = 0; i < 40 && session.isOpen(); i++) {
                        if (random.nextInt(25) == 0) {
                            byte[] binary = new byte[random.nextInt(64)];
                            random.nextBytes(binary);
                            session.getBasicRemote().sendBinary(ByteBuffer.wrap(binary));
                        } else {
                            session.getBasicRemote().sendText(frames.next());
                        }
                        sent++;
                        framesSent.incrementAndGet();
                    }
                } catch (IOException | RuntimeException closedByServer) {
                    // The server closed this connection (as it should; Tyrus then throws "Socket is not connected"
                    // as a RuntimeException); the next one follows.
                } finally {
                    try {
                        session.close();
                    } catch (IOException | RuntimeException ignored) {
                        // already closed by the server
                    }
                }
            }
        } finally {
            manager.shutdown();
        }
        return null;
    }

    /** Raw sockets: a handshake, maybe a hello, then frames that violate RFC 6455; the socket is then dropped. */
    private static Void rawAttack(TestServer server, Random random, AtomicBoolean honestDone,
                                  AtomicInteger framesSent) throws IOException {
        HostileFrames frames = new HostileFrames(random);
        int port = server.baseUri().getPort();
        int connections = 0;
        while (!honestDone.get() || connections < 50) {
            connections++;
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET /ws/documents/" + DOCUMENT + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                readHead(socket);
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    out.write(frames.rawFrame());
                    framesSent.incrementAndGet();
                }
                out.flush();
            } catch (IOException resetByServer) {
                // The server dropped the connection over a protocol violation, as it should.
            }
        }
        return null;
    }

    private static void readHead(Socket socket) throws IOException {
        var in = socket.getInputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed during the handshake");
            }
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
    }
}
