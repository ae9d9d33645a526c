package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.RandomEdits;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Invariant 1 across implementations: Java clients ({@link WsTestClient}, the Java OT) and Node
 * clients (quill-delta over {@code ws}) edit one document concurrently, with disconnects and resumes on both
 * sides, and all end with the server's content — the same JSON, to the character. Half the Node clients run the
 * shipped web client's session and OT core ({@code web-client/src/net/session.js}, {@code src/ot/client.js}) and
 * compose their edits into one op in flight, as the Java clients do; the other half run the test client
 * ({@code src/test/node/client/connection.mjs}) and send {@code ops} batches (every edit its own op, transformed
 * op by op; docs/protocol.md), which the web client does not send.
 *
 * <p>Replay with {@code -Dquire.seed=N}: the seed drives the Java edits and (as text) the Node
 * driver's. The interleaving is the network's, so a failing seed may need a few runs to fail again.
 */
@Tag("heavy")
class CrossLanguageConvergenceTest {
    private static final String DOCUMENT = "cross-language";
    private static final int JAVA_CLIENTS = 3;
    private static final int NODE_CLIENTS = 4; // node-0 and node-2 batch, node-1 and node-3 are the web client
    private static final int JAVA_EDITS = 1_500;
    private static final int NODE_EDITS = 1_500;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final List<WsTestClient> javaClients = new ArrayList<>();
    private TestServer server;
    private NodeClients nodeClients;

    @AfterEach
    void stopEverything() {
        if (nodeClients != null) {
            nodeClients.close();
        }
        javaClients.forEach(WsTestClient::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("Java and Node clients (half of these sending ops batches) editing one document concurrently, with"
            + " disconnects, all end with the server's content")
    void javaAndNodeClients_editingConcurrently_converge() {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("CrossLanguageConvergenceTest seed=" + seed);
        Random random = new Random(seed);
        server = TestServer.start();
        for (int i = 0; i < JAVA_CLIENTS; i++) {
            javaClients.add(server.client(DOCUMENT, "java-" + i).connect().join());
        }
        nodeClients = NodeClients.start(server.baseUri(), DOCUMENT, seed, NODE_CLIENTS, NODE_EDITS,
                NodeClients.Batching.ALTERNATE);
        JsonNode ready = nodeClients.awaitEvent("ready", DEADLINE);
        assertEquals("[\"node-1\",\"node-3\"]", ready.path("webClient").toString(),
                "the composing Node clients run the shipped web client: " + ready);

        int javaDisconnects = editWithDisconnects(random);
        Set<String> javaIds = javaClients.stream().map(WsTestClient::clientId).collect(Collectors.toSet());
        int nodeOpsSeenWhileJavaEdited = javaClients.stream()
                .mapToInt(c -> c.count(m -> WsTestClient.type(m).equals("op")
                        && !javaIds.contains(m.path("clientId").asText())))
                .sum();
        for (WsTestClient client : javaClients) {
            if (!client.isOpen()) {
                client.connect().join();
            }
        }
        Await.until(() -> javaClients.stream().noneMatch(WsTestClient::hasPending), DEADLINE,
                () -> "seed=" + seed + ": Java edits still unacknowledged");
        JsonNode nodeAcknowledged = nodeClients.awaitEvent("acknowledged", DEADLINE);

        // Everything is committed now; a fresh observer's welcome is the server's document.
        try (WsTestClient observer = server.client(DOCUMENT, "observer").connect().join()) {
            JsonNode welcome = observer.received().stream().filter(m -> WsTestClient.type(m).equals("welcome"))
                    .findFirst().orElseThrow();
            long version = welcome.get("version").asLong();
            JsonNode serverJson = welcome.get("content");
            Delta serverContent = WsTestClient.delta(serverJson);

            nodeClients.finalVersion(version);
            Await.until(() -> javaClients.stream().allMatch(c -> c.isSettled(version)), DEADLINE,
                    () -> "seed=" + seed + ": Java clients did not reach version " + version);
            Map<String, JsonNode> nodeDocuments = nodeClients.awaitFinalDocuments(NODE_CLIENTS, DEADLINE);

            for (WsTestClient client : javaClients) {
                assertSameDocument(serverJson, wireJson(client.content()), seed, client.clientId());
                assertEquals(serverContent, client.content(), "seed=" + seed + ": " + client.clientId() + " diverged");
            }
            assertEquals(NODE_CLIENTS, nodeDocuments.size(), "seed=" + seed + ": Node clients " + nodeDocuments.keySet());
            nodeDocuments.forEach((clientId, document) -> {
                assertEquals(version, document.get("version").asLong(), "seed=" + seed + ": " + clientId + "'s version");
                assertSameDocument(serverJson, document.get("content"), seed, clientId);
                assertEquals(serverContent, WsTestClient.delta(document.get("content")),
                        "seed=" + seed + ": " + clientId + " diverged");
            });
            assertTrue(nodeOpsSeenWhileJavaEdited > 0,
                    "seed=" + seed + ": the Java clients saw no Node op while editing, so nothing was concurrent");
            JsonNode nodeSent = nodeAcknowledged.path("sent");
            assertTrue(nodeSent.path("op").asInt() > 0 && nodeSent.path("largestBatch").asInt() > 1,
                    "seed=" + seed + ": the Node clients sent no op message or no batch of several ops: " + nodeSent);
            System.out.println("CrossLanguageConvergenceTest seed=" + seed + " converged at version " + version
                    + " (document length " + serverContent.length() + ") after " + javaDisconnects
                    + " Java and " + nodeAcknowledged.path("disconnects").asInt() + " Node disconnects; "
                    + nodeOpsSeenWhileJavaEdited + " Node ops reached Java clients while they edited; the Node clients"
                    + " sent " + nodeSent.path("op").asInt() + " op and " + nodeSent.path("ops").asInt()
                    + " ops messages (the largest with " + nodeSent.path("largestBatch").asInt() + " ops)");
        }
    }

    /** Equal as JSON; otherwise fails naming the first op that differs (the whole documents are long). */
    private static void assertSameDocument(JsonNode server, JsonNode client, long seed, String clientId) {
        if (server.equals(client)) {
            return;
        }
        JsonNode serverOps = server.path("ops");
        JsonNode clientOps = client.path("ops");
        int i = 0;
        while (i < serverOps.size() && i < clientOps.size() && serverOps.get(i).equals(clientOps.get(i))) {
            i++;
        }
        fail("seed=" + seed + ": " + clientId + " diverged from the server at op " + i + " of " + serverOps.size()
                + " (client has " + clientOps.size() + "):\n  server: " + window(serverOps, i)
                + "\n  client: " + window(clientOps, i) + "\n  whole server document: " + ascii(server)
                + "\n  whole client document: " + ascii(client));
    }

    private static String window(JsonNode ops, int at) {
        List<String> shown = new ArrayList<>();
        for (int i = Math.max(0, at - 2); i < Math.min(ops.size(), at + 3); i++) {
            shown.add(ascii(ops.get(i)));
        }
        return String.join(", ", shown);
    }

    /**
     * The delta as it goes on the wire, read back. Not {@code valueToTree}: the delta serializer writes a
     * text with an unpaired surrogate as a raw value, which a tree keeps as a raw node, never equal to text.
     */
    private static JsonNode wireJson(Delta delta) {
        try {
            return WsTestClient.JSON.readTree(WsTestClient.JSON.writeValueAsString(delta));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON with everything outside ASCII escaped, so lone surrogates survive reports and consoles. */
    private static String ascii(JsonNode json) {
        try {
            return WsTestClient.JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Java side's edits, as in {@link ConvergenceTest}; returns the number of disconnects. */
    private int editWithDisconnects(Random random) {
        int disconnects = 0;
        for (int step = 0; step < JAVA_EDITS; step++) {
            WsTestClient client = javaClients.get(random.nextInt(JAVA_CLIENTS));
            int roll = random.nextInt(1000);
            if (roll < 8 && client.isOpen()) {
                client.disconnect();
                disconnects++;
            } else if (!client.isOpen() && roll < 300) {
                client.connect().join();
            } else {
                client.edit(content -> RandomEdits.next(random, content));
            }
            if (random.nextInt(20) == 0) {
                // Jitter to vary interleavings with the Node clients, not synchronisation: nothing waits on it.
                LockSupport.parkNanos(random.nextInt(2_000_000));
            }
        }
        return disconnects;
    }
}
