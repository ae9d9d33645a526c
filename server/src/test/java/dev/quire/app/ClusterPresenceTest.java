package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.auth.AuthSettings;
import dev.quire.cluster.ClusterPresence;
import dev.quire.cluster.ClusterSettings;
import dev.quire.cluster.RedisLink;
import dev.quire.cluster.RedisPresence;
import dev.quire.store.postgres.FreshSchema;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes with Redis on one schema: the sessions of each see who is on the other, where their cursor is, and their
 * leaving. Presence is never stored: it crosses nodes on Redis only.
 */
class ClusterPresenceTest {
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private FreshSchema schema;
    private TestServer one;
    private TestServer two;

    @BeforeEach
    void start() {
        schema = FreshSchema.create();
        one = TestNodes.start(schema, "p1-" + run, TestNodes.REDIS, AuthSettings.defaults());
        two = TestNodes.start(schema, "p2-" + run, TestNodes.REDIS, AuthSettings.defaults());
    }

    @AfterEach
    void stop() {
        two.close();
        one.close();
        schema.close();
    }

    private static boolean presenceOf(JsonNode message, String clientId) {
        return WsTestClient.type(message).equals("presence") && message.get("clientId").asText().equals(clientId);
    }

    @Test
    void sessionsOnTwoNodes_seeEachOther_theirCursors_andTheirLeaving() {
        String doc = "presence-" + run;
        try (WsTestClient ann = one.client(doc, "ann").connect().join()) {
            WsTestClient bob = two.client(doc, "bob").connect().join();
            // Ann was there first: bob's node lists her from Redis; ann's node hears bob arrive.
            JsonNode annSeen = bob.awaitMessage(m -> presenceOf(m, ann.clientId()), 0);
            assertEquals(ann.clientId(), annSeen.get("clientId").asText());
            JsonNode bobSeen = ann.awaitMessage(m -> presenceOf(m, bob.clientId()), 0);
            assertTrue(bobSeen.get("selection").isNull(), bobSeen.toString());

            int before = bob.count(m -> presenceOf(m, ann.clientId()));
            ann.send("{\"type\":\"presence\",\"selection\":{\"index\":1,\"length\":0}}");
            JsonNode moved = bob.awaitMessage(m -> presenceOf(m, ann.clientId()) && !m.get("selection").isNull(),
                    0);
            assertEquals(1, moved.get("selection").get("index").asInt());
            assertTrue(bob.count(m -> presenceOf(m, ann.clientId())) > before);

            bob.close();
            JsonNode left = ann.awaitMessage(m -> WsTestClient.type(m).equals("leave")
                    && m.get("clientId").asText().equals(bob.clientId()), 0);
            assertEquals(bob.clientId(), left.get("clientId").asText());
        }
    }

    /**
     * Issue 16: a join used to list who is elsewhere and tell each of them to every session of its node again, which
     * cost 1,000 joins over three nodes a billion messages. Now a later session finds them in its welcome, and the
     * sessions already here are not told them twice.
     */
    @Test
    void aLaterSessionOfANode_findsWhoIsElsewhereInItsWelcome_andTheOthersThereAreNotToldThemAgain() {
        String doc = "presence-welcome-" + run;
        try (WsTestClient ann = one.client(doc, "ann").connect().join();
             WsTestClient bob = two.client(doc, "bob").connect().join()) {
            bob.awaitMessage(m -> presenceOf(m, ann.clientId()), 0);
            try (WsTestClient cat = two.client(doc, "cat").connect().join()) {
                JsonNode welcome = cat.awaitMessage(m -> WsTestClient.type(m).equals("welcome"), 0);
                List<String> users = new ArrayList<>();
                welcome.get("users").forEach(u -> users.add(u.get("clientId").asText()));
                assertEquals(List.of(bob.clientId(), ann.clientId()), users, welcome.toString());

                // Ann's next move reaches bob after anything his node told him of cat's join.
                ann.send("{\"type\":\"presence\",\"selection\":{\"index\":0,\"length\":0}}");
                bob.awaitMessage(m -> presenceOf(m, ann.clientId()) && !m.get("selection").isNull(), 0);
                assertEquals(2, bob.count(m -> presenceOf(m, ann.clientId())), bob.received().toString());
            }
        }
    }

    @Test
    void theParticipantsOfANodeThatDied_areToldAsGone_onceTheirKeysExpire() {
        String doc = "presence-dead-" + run;
        try (WsTestClient ann = one.client(doc, "ann").connect().join();
             RedisLink link = RedisLink.start(TestNodes.REDIS, Duration.ofMillis(100))) {
            ScheduledExecutorService refreshes = Executors.newSingleThreadScheduledExecutor();
            try (RedisPresence dead = new RedisPresence(link, ClusterSettings.PREFIX, "dead-" + run, refreshes,
                    Duration.ofMillis(600))) {
                Await.until(link::connected, "connected to Redis");
                dead.here(new ClusterPresence(doc, "ghost-" + run, "Ghost", null, "#123456"));
                JsonNode ghost = ann.awaitMessage(m -> presenceOf(m, "ghost-" + run), 0);
                assertEquals("#123456", ghost.get("color").asText());
            } finally {
                refreshes.shutdownNow(); // the node "dies": no refresh, no goodbye
            }
            JsonNode gone = ann.awaitMessage(m -> WsTestClient.type(m).equals("leave")
                    && m.get("clientId").asText().equals("ghost-" + run), 0);
            assertEquals("ghost-" + run, gone.get("clientId").asText());
        }
    }
}
