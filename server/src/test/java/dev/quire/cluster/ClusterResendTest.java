package dev.quire.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.cluster.ClusterDatabase.LoggedOp;
import dev.quire.ot.Delta;
import dev.quire.store.postgres.FreshSchema;
import dev.quire.testkit.Await;
import dev.quire.testkit.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across nodes, step by step: a client's op is committed through one node, that node is SIGKILLed, and
 * the client resends the same (clientId, seq) to another node, which acknowledges it with the version it was
 * committed as and applies nothing; the third node and the restarted one serve the same document from PostgreSQL.
 */
@Tag("heavy")
class ClusterResendTest {
    private static final Duration SETTLE = Duration.ofSeconds(30);

    /** The nodes' directories and logs, kept when the test fails. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final ClusterRest rest = new ClusterRest();

    @Test
    void anOpResentToAnotherNodeAfterItsNodeDied_isAcknowledgedAsCommitted_andAppliedOnce() throws Exception {
        ClientManager manager = ClientManager.createClient();
        try (FreshSchema schema = FreshSchema.create();
             RedisProcess redis = RedisProcess.start();
             ClusterNodes cluster = ClusterNodes.start(dir, 3, schema, redis.url())) {
            ClusterDatabase database = new ClusterDatabase(schema);
            String id = rest.call(cluster.base(0), "POST", "/api/documents", "{\"text\":\"🙂\\n\"}", 201)
                    .get("id").asText();
            WsTestClient ada = new WsTestClient(manager, cluster.base(0), id, "ada").connect().join();
            Delta typed = Delta.builder().retain(2).insert(" hello").build();
            ada.edit(typed);
            Await.until(() -> !ada.hasPending(), SETTLE, () -> "ada's op acknowledged");
            assertEquals(1, ada.version());

            cluster.kill(0);
            ada.awaitClose();
            try (WsTestClient again = new WsTestClient(manager, cluster.base(1), id, "ada again")
                    .withSecret(ada.secret()).connect().join()) {
                assertEquals(ada.clientId(), again.clientId(), "the secret resumes the identity on another node");
                JsonNode ack = again.nextOfType("ack", () -> again.send(opFrame(1, 0, typed)));
                assertEquals(1, ack.get("seq").asLong());
                assertEquals(1, ack.get("version").asLong(), "acknowledged with the version it was committed as");
            }

            List<LoggedOp> log = database.ops(id);
            assertEquals(1, log.size(), log::toString);
            assertEquals(ada.clientId(), log.get(0).clientId());
            Delta expected = Delta.ofText("🙂 hello\n");
            assertEquals(expected, content(cluster, 2, id), "the third node reads the document from PostgreSQL");

            cluster.restart(0);
            assertEquals(expected, content(cluster, 0, id), "the restarted node too");
            ada.connectTo(cluster.base(0)).join();
            ada.edit(Delta.builder().retain(8).insert("!").build());
            Await.until(() -> !ada.hasPending(), SETTLE, () -> "an edit on the restarted node acknowledged");
            assertEquals(2, ada.version());
            assertEquals(2, database.ops(id).size());
            ada.close();
        } finally {
            manager.shutdown();
        }
    }

    private Delta content(ClusterNodes cluster, int node, String id) throws Exception {
        return WsTestClient.delta(rest.get(cluster.base(node), "/api/documents/" + id).get("content"));
    }

    private static String opFrame(long seq, long baseVersion, Delta delta) {
        return WsTestClient.JSON.createObjectNode().put("type", "op").put("seq", seq).put("baseVersion", baseVersion)
                .set("delta", WsTestClient.JSON.valueToTree(delta)).toString();
    }
}
