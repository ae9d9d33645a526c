package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.ServerProcess;
import dev.quire.testkit.WsTestClient;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of the report, against the real process with a small heap: one editor inserts about 900 KB and deletes
 * it again, round after round, so the document stays short while its history grows. Counts alone bounded nothing
 * here (1,000 recent ops, 2,000 queued messages, 1,000 ops a history page, every missed op in a resume): the server
 * ran out of memory within a minute. Now each of those is bounded by bytes too and the document's write budget
 * (set low here) refuses the attacker after a bounded number of rounds; the server must stay healthy all along:
 * ready, another editor's ops acknowledged, concurrent history reads and a resume answered, the heap and the data
 * directory bounded, and it stops as it should, not from an {@link OutOfMemoryError}.
 */
@Tag("heavy")
class LargeOpsSmallHeapTest {
    private static final String ATTACKED = "attacked";
    private static final String LARGE = "a".repeat(900_000);
    private static final int ROUNDS = 150;
    private static final long BUDGET = 32L << 20;
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int EXIT_ON_SIGTERM = 143;

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void repeatedLargeInsertAndDelete_smallHeap_serverStaysHealthyAndBounded() throws Exception {
        ServerProcess server = new ServerProcess(dir, 0, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
                "--write-budget-per-document", BUDGET / (1 << 20) + "MiB");
        ClientManager manager = ClientManager.createClient();
        try (WsTestClient resumer = new WsTestClient(manager, server.base, ATTACKED, "resumer").connect().join();
             WsTestClient observer = new WsTestClient(manager, server.base, ATTACKED, "observer").connect().join();
             WsTestClient calm = new WsTestClient(manager, server.base, "calm", "calm").connect().join()) {
            resumer.disconnect(); // comes back after the attack, asking for everything it missed
            Attacker attacker = new Attacker(manager, server.base);
            long dataBefore = sizeOf(dir.resolve("data"));

            int refused = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                if (!attacker.round()) {
                    refused++;
                }
                calm.edit(Delta.builder().insert("c").build());
                Await.until(() -> !calm.hasPending(), DEADLINE, () -> "the calm editor's op is acknowledged");
                if (round % 25 == 0) {
                    readHistoryTwiceAtOnce(server);
                    assertEquals(200, get(server, "/health/ready").statusCode(), "ready in round " + round);
                }
            }

            int accepted = ROUNDS - refused;
            assertTrue(refused > 0 && accepted > 0, accepted + " rounds accepted, " + refused + " refused");
            assertTrue(accepted <= BUDGET / (2L * LARGE.length()) + 1, "the budget bounds the rounds: " + accepted);
            readHistoryTwiceAtOnce(server);
            resumer.connect().join();
            Await.until(() -> resumer.content().equals(observer.content()), DEADLINE,
                    () -> "the resumed client has the observer's content");
            long grown = sizeOf(dir.resolve("data")) - dataBefore;
            assertTrue(grown < 3 * BUDGET, "the data directory grew by " + grown + " bytes");
            long heap = usedHeap(server);
            System.out.printf("large ops against -Xmx256m: %d rounds accepted, %d refused; data grew %d bytes;"
                    + " heap in use %d bytes%n", accepted, refused, grown, heap);
            assertTrue(heap < 256L << 20, "heap in use: " + heap);
            attacker.close();
        } finally {
            manager.shutdown();
            try {
                assertTrue(server.process.isAlive(), "the server died (exit " + exitValue(server) + ")");
                assertEquals(EXIT_ON_SIGTERM, server.terminate(DEADLINE), "exit code after SIGTERM");
            } finally {
                server.process.destroyForcibly();
            }
            String log = Files.readString(dir.resolve("server.log"));
            assertFalse(log.contains("OutOfMemoryError"), "the server ran out of memory");
        }
    }

    /** Two readers page through the whole history at the same time; every page is answered with 200. */
    private void readHistoryTwiceAtOnce(ServerProcess server) {
        List<CompletableFuture<Integer>> readers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            readers.add(CompletableFuture.supplyAsync(() -> readHistory(server)));
        }
        readers.forEach(reader -> assertTrue(reader.join() > 0));
    }

    private int readHistory(ServerProcess server) {
        int ops = 0;
        long from = 0;
        while (true) {
            String path = "/api/documents/" + ATTACKED + "/ops?from=" + from;
            HttpResponse<String> page = get(server, path);
            assertEquals(200, page.statusCode(), () -> path + ": " + page.body());
            JsonNode body = json(page.body());
            ops += body.get("ops").size();
            if (!body.has("next")) {
                return ops;
            }
            from = body.get("next").asLong();
        }
    }

    private long usedHeap(ServerProcess server) {
        HttpResponse<String> metrics = get(server, "/metrics");
        assertEquals(200, metrics.statusCode());
        return (long) PrometheusText.parse(metrics.body()).entrySet().stream()
                .filter(e -> e.getKey().startsWith("jvm_memory_used_bytes{") && e.getKey().contains("area=\"heap\""))
                .mapToDouble(e -> e.getValue()).sum();
    }

    private HttpResponse<String> get(ServerProcess server, String path) {
        try {
            return http.send(HttpRequest.newBuilder(server.base.resolve(path)).timeout(DEADLINE).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return WsTestClient.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static String exitValue(ServerProcess server) {
        return server.process.isAlive() ? "none" : Integer.toString(server.process.exitValue());
    }

    /** The editor of the report: a raw protocol client that inserts {@link #LARGE} and deletes it again. */
    private static final class Attacker implements AutoCloseable {
        private final Session session;
        private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
        private long version;
        private long seq;

        Attacker(ClientManager manager, URI base) throws Exception {
            session = manager.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session s, EndpointConfig config) {
                    s.setMaxIdleTimeout(-1);
                    s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                        JsonNode message = json(text);
                        String type = WsTestClient.type(message);
                        if (type.equals("ack") || type.equals("error") || type.equals("welcome")) {
                            replies.add(message);
                        }
                    });
                }
            }, ClientEndpointConfig.Builder.create().build(),
                    WsTestClient.wsUri(base).resolve("/ws/documents/" + ATTACKED));
            session.getBasicRemote().sendText("{\"type\":\"hello\",\"protocol\":2,\"name\":\"attacker\"}");
            version = next("welcome").get("version").asLong();
        }

        /** One insert and its delete; false if the insert was refused for the write budget. */
        boolean round() throws Exception {
            if (!op("{\"insert\":\"" + LARGE + "\"}")) {
                return false;
            }
            assertTrue(op("{\"delete\":" + LARGE.length() + "}"), "the delete of an accepted insert");
            return true;
        }

        private boolean op(String change) throws Exception {
            session.getBasicRemote().sendText("{\"type\":\"op\",\"seq\":" + (seq + 1) + ",\"baseVersion\":" + version
                    + ",\"delta\":{\"ops\":[" + change + "]}}");
            JsonNode reply = next(null);
            if (WsTestClient.type(reply).equals("error")) {
                assertEquals("write_budget_exceeded", reply.get("code").asText(), reply.toString());
                assertTrue(reply.get("retryAfterMs").asLong() > 0, reply.toString());
                return false;
            }
            seq++;
            version = reply.get("version").asLong();
            return true;
        }

        private JsonNode next(String type) throws InterruptedException {
            JsonNode reply = replies.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(reply != null, "no answer to the attacker within " + DEADLINE);
            if (type != null) {
                assertEquals(type, WsTestClient.type(reply), reply.toString());
            }
            return reply;
        }

        @Override
        public void close() throws IOException {
            session.close();
        }
    }
}
