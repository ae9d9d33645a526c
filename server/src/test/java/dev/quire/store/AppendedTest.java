package dev.quire.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.Delta;
import dev.quire.testkit.OtClient;
import dev.quire.testkit.RandomEdits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rebase of an append on a store shared by nodes: two messages of one append (clients X and Y, made on the same
 * head) committed after another node's op O. Every client must end with the log's document, each transforming its
 * own op past the ops it receives, in log order. Bringing x's message past y's first and then both past O (the
 * same changes in another order) fails this within a few rounds: OT's transform depends on the path.
 */
class AppendedTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private static CommittedOp op(String client, Delta delta) {
        return new CommittedOp(1, client, 1, delta, client, T0);
    }

    /** What client {@code own} ends with: its op in flight, then the log's ops of others received, then its ack. */
    private static Delta clientView(Delta document, Delta mine, String own, List<CommittedOp> log) {
        OtClient client = new OtClient(outgoing -> { });
        client.identify(own);
        client.reset(0, document);
        client.applyLocal(mine);
        for (CommittedOp committed : log) {
            client.onServerOp(committed.version(), committed.clientId(), committed.seq(), committed.delta());
        }
        return client.content();
    }

    @Test
    void messagesOfOneAppendAfterAnotherNodesOp_everyClientEndsWithTheLogsDocument() {
        long seed = System.nanoTime();
        System.out.println("AppendedTest seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 3_000; round++) {
            Delta document = Delta.ofText("\n");
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                document = RandomEdits.next(random, document).applyTo(document);
            }
            Delta other = RandomEdits.next(random, document);
            Delta fromY = RandomEdits.next(random, document);
            Delta fromX = RandomEdits.next(random, document);
            List<CommittedOp> others = List.of(new CommittedOp(1, "o", 1, other, "o", T0));
            List<CommittedOp> ours = Appended.rebasedAfter(others,
                    List.of(List.of(op("y", fromY)), List.of(op("x", fromX))), 1);
            List<CommittedOp> log = new ArrayList<>(others);
            log.addAll(ours);
            Delta replay = document;
            for (CommittedOp committed : log) {
                replay = committed.delta().applyTo(replay);
            }
            String context = "seed " + seed + ", round " + round;
            assertEquals(replay, clientView(document, fromX, "x", log), "client x, " + context);
            assertEquals(replay, clientView(document, fromY, "y", log), "client y, " + context);
            assertEquals(replay, clientView(document, other, "o", log), "client o, " + context);
        }
    }
}
