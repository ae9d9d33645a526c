package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.auth.AuthSettings;
import dev.quire.ot.Delta;
import dev.quire.store.postgres.FreshSchema;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two whole nodes, as {@code QuireApplication} wires them, on one PostgreSQL schema: editors on different nodes edit
 * one document together, with Redis and with PostgreSQL alone, and end with the same content at the same version.
 */
class ClusterEditsTest {

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {true, false})
    void editorsOnTwoNodes_seeEachOthersOps_andConverge(boolean redis) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String doc = "edits-" + run;
        try (FreshSchema schema = FreshSchema.create();
             TestServer one = TestNodes.start(schema, "e1-" + run, redis ? TestNodes.REDIS : null,
                     AuthSettings.defaults());
             TestServer two = TestNodes.start(schema, "e2-" + run, redis ? TestNodes.REDIS : null,
                     AuthSettings.defaults());
             WsTestClient ann = one.client(doc, "ann").connect().join();
             WsTestClient bob = two.client(doc, "bob").connect().join()) {
            for (int i = 0; i < 5; i++) {
                ann.edit(Delta.builder().insert("a").build());
                bob.edit(Delta.builder().insert("b").build());
            }
            // A client buffers what it types while an op is in flight and sends it as one: fewer versions than edits.
            Await.until(() -> !ann.hasPending() && !bob.hasPending() && ann.version() == bob.version()
                            && ann.content().equals(bob.content()) && ann.content().length() == 11,
                    Duration.ofSeconds(20), () -> "ann at " + ann.version() + " " + ann.content() + ", bob at "
                            + bob.version() + " " + bob.content());
            StringBuilder text = new StringBuilder();
            WsTestClient.JSON.valueToTree(ann.content()).get("ops").forEach(op -> text.append(op.get("insert").asText()));
            assertEquals(5, text.chars().filter(c -> c == 'a').count(), text.toString());
            assertEquals(5, text.chars().filter(c -> c == 'b').count(), text.toString());
        }
    }

    /**
     * A node on the shared store, through real sockets: a hello naming its op in flight resumes when that op is in
     * the log, and is welcomed with the content (its op fenced off) when it is not (docs/cluster.md, "A join while
     * its op is being committed elsewhere").
     */
    @Test
    void helloNamingItsOpInFlight_resumesIfItIsInTheLog_elseGetsTheContent() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String doc = "fence-" + run;
        try (FreshSchema schema = FreshSchema.create();
             TestServer node = TestNodes.start(schema, "f1-" + run, null, AuthSettings.defaults());
             WsTestClient ann = node.client(doc, "ann").connect().join()) {
            ann.edit(Delta.builder().insert("a").build());
            Await.until(() -> !ann.hasPending(), "ann's op #1 committed");

            JsonNode committed = welcomeTo(node, doc, ann.secret(), 1);
            assertTrue(committed.has("ops"), "#1 is in the log: a resume " + committed);
            JsonNode fenced = welcomeTo(node, doc, ann.secret(), 2);
            assertTrue(fenced.has("content"), "#2 is not in the log: fenced, the content " + fenced);
            assertEquals(1, fenced.get("lastSeq").asLong());
        }
    }

    /** The welcome of a hello resuming from version 1 under {@code secret}, naming {@code inFlightSeq}. */
    private static JsonNode welcomeTo(TestServer node, String doc, String secret, long inFlightSeq) {
        try (WsTestClient again = node.client(doc, "again").connect()) {
            return again.nextOfType("welcome", () -> again.send("{\"type\":\"hello\",\"protocol\":3,"
                    + "\"clientSecret\":\"" + secret + "\",\"version\":1,\"inFlightSeq\":" + inFlightSeq + "}"));
        }
    }
}
