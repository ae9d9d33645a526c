package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.auth.AuthSettings;
import dev.quire.ot.Delta;
import dev.quire.store.postgres.FreshSchema;
import dev.quire.testkit.Await;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.time.Duration;
import java.util.UUID;
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
}
