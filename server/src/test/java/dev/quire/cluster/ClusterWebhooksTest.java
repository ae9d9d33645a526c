package dev.quire.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.store.postgres.FreshSchema;
import dev.quire.testkit.Await;
import dev.quire.webhook.NodeVerifier;
import dev.quire.webhook.Receiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saves and their webhooks across nodes: documents are edited through each of three nodes and saved through the next
 * one (which loads them from PostgreSQL), the receiver holds the first delivery open and the node that sent it is SIGKILLed while it and others are pending; another node takes
 * the leased delivery over once its lease ran out. The receiver - verifying every request with the npm {@code
 * standardwebhooks} library - gets every save's event, under one {@code webhook-id} per save.
 */
@Tag("heavy")
class ClusterWebhooksTest {
    private static final int NODES = 3;
    private static final int ROUNDS = 6;
    /** The lease of a claimed delivery (50 s by default) and a retry or two after it. */
    private static final Duration DELIVERED = Duration.ofSeconds(150);

    /** The nodes' directories and logs, kept when the test fails. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final ClusterRest rest = new ClusterRest();

    @Test
    void savesOnEveryNode_withTheDeliveringNodeKilled_reachTheReceiverOnceEach() throws Exception {
        try (Receiver receiver = new Receiver().then(Receiver.Reply.hanging(), Receiver.Reply.status(500),
                Receiver.Reply.status(503)).otherwise(Receiver.Reply.status(204));
             FreshSchema schema = FreshSchema.create();
             RedisProcess redis = RedisProcess.start();
             ClusterNodes cluster = ClusterNodes.start(dir, NODES, schema, redis.url(), "--webhooks-allow-private")) {
            JsonNode endpoint = rest.call(cluster.base(0), "POST", "/api/webhooks", "{\"url\":\""
                    + receiver.url("/hook") + "\",\"eventTypes\":[\"document.saved\"]}", 201);
            String secret = endpoint.get("secret").asText();
            String endpointId = endpoint.get("id").asText();
            List<String> documents = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                int node = round % NODES;
                String id = rest.call(cluster.base(node), "POST", "/api/documents", "{\"text\":\"saves\\n\"}", 201)
                        .get("id").asText();
                documents.add(id);
                // A REST edit is saved by itself (trigger "api"); the explicit save after it is the next node's.
                rest.call(cluster.base(node), "PATCH", "/api/documents/" + id,
                        "{\"baseVersion\":0,\"delta\":{\"ops\":[{\"insert\":\"" + round + " \"}]}}", 200);
                rest.call(cluster.base((node + 1) % NODES), "POST", "/api/documents/" + id + "/saves",
                        "{\"label\":\"round " + round + "\"}", 201);
            }

            Await.until(() -> !receiver.received("/hook").isEmpty(), DELIVERED, () -> "a first delivery");
            Receiver.Received held = receiver.received("/hook").get(0);
            List<Process> nodes = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                nodes.add(cluster.process(i));
            }
            Process sender = SocketOwners.ownerOf(held.remotePort(), nodes);
            assertNotNull(sender, "a node holds the connection of the delivery held open");
            int killed = nodes.indexOf(sender);
            cluster.kill(killed);
            int alive = (killed + 1) % NODES;

            Set<String> saves = new TreeSet<>();
            for (String id : documents) {
                rest.get(cluster.base(alive), "/api/documents/" + id + "/saves").get("saves")
                        .forEach(save -> saves.add(id + " " + save.get("number").asLong()));
            }
            assertEquals(2 * ROUNDS, saves.size(), () -> "every edit and every explicit save is a save: " + saves);
            Await.until(() -> succeeded(cluster.base(alive), endpointId) >= saves.size(), DELIVERED,
                    () -> "every save delivered; received " + receiver.received("/hook").size() + " requests");

            Map<String, String> saveById = new HashMap<>();
            Map<String, Set<String>> idsBySave = new TreeMap<>();
            List<Receiver.Received> got = receiver.received("/hook");
            List<JsonNode> verified = NodeVerifier.verify(got.stream()
                    .map(request -> NodeVerifier.Case.of(secret, request)).toList());
            for (int i = 0; i < got.size(); i++) {
                JsonNode answer = verified.get(i);
                assertTrue(answer.get("ok").asBoolean(), answer::toString);
                JsonNode data = answer.get("payload").get("data");
                String save = data.get("documentId").asText() + " " + data.get("savedVersion").asLong();
                String webhookId = got.get(i).header("webhook-id");
                String before = saveById.put(webhookId, save);
                assertTrue(before == null || before.equals(save), () -> webhookId + " announced two saves");
                idsBySave.computeIfAbsent(save, n -> new TreeSet<>()).add(webhookId);
            }
            assertEquals(saves, idsBySave.keySet(), "every save announced, and nothing else");
            idsBySave.forEach((save, ids) -> assertEquals(1, ids.size(), () -> "save " + save + " as " + ids));
            System.out.println("ClusterWebhooksTest: " + saves.size() + " saves, " + got.size()
                    + " requests, node " + killed + " killed while holding a delivery");
        }
    }

    /** How many deliveries of the endpoint succeeded, as a node reports them. */
    private int succeeded(java.net.URI base, String endpointId) {
        try {
            JsonNode deliveries = rest.get(base, "/api/webhooks/" + endpointId + "/deliveries?limit=100")
                    .get("deliveries");
            int count = 0;
            for (JsonNode delivery : deliveries) {
                count += delivery.get("state").asText().equals("succeeded") ? 1 : 0;
            }
            return count;
        } catch (Exception e) {
            throw new AssertionError("the deliveries on " + base, e);
        }
    }
}
