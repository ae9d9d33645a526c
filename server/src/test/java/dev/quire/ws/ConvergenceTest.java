package dev.quire.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.Delta;
import dev.quire.testkit.Await;
import dev.quire.testkit.RandomEdits;
import dev.quire.testkit.TestServer;
import dev.quire.testkit.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Invariant 1: after all messages are delivered, every client and the server hold the identical
 * document — for random concurrent edits (inserts, deletes, formats, embeds), random timing and
 * random disconnects/reconnects, with real clients over real sockets.
 *
 * <p>Replay with {@code -Dquire.seed=N}. The edits are a function of the seed; the interleaving
 * is the network's, so a failing seed may need a few runs to fail again — it becomes a named
 * regression case once understood.
 */
class ConvergenceTest {
    private static final int CLIENTS = 6;
    private static final int EDITS = 3_000;

    @Test
    void randomConcurrentEditing_withDisconnects_converges() {
        long seed = Long.getLong("quire.seed", System.nanoTime());
        System.out.println("ConvergenceTest seed=" + seed);
        Random random = new Random(seed);
        try (TestServer server = TestServer.start()) {
            List<WsTestClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(server.client("converge", "c" + i).connect().join());
            }
            int disconnects = 0;
            for (int step = 0; step < EDITS; step++) {
                WsTestClient client = clients.get(random.nextInt(CLIENTS));
                int roll = random.nextInt(1000);
                if (roll < 8 && client.isOpen()) {
                    client.disconnect();
                    disconnects++;
                } else if (!client.isOpen() && roll < 300) {
                    client.connect().join();
                } else {
                    client.edit(content -> RandomEdits.next(random, content.length()));
                }
                if (random.nextInt(50) == 0) {
                    // Jitter to vary interleavings, not synchronisation: nothing waits on it.
                    LockSupport.parkNanos(random.nextInt(2_000_000));
                }
            }
            for (WsTestClient client : clients) {
                if (!client.isOpen()) {
                    client.connect().join();
                }
            }
            Await.until(() -> clients.stream().noneMatch(WsTestClient::hasPending), Duration.ofSeconds(60),
                    () -> "seed=" + seed + ": edits still unacknowledged");
            try (WsTestClient observer = server.client("converge", "observer").connect().join()) {
                Delta server_ = observer.content();
                long version = observer.version();
                Await.until(() -> clients.stream().allMatch(c -> c.isSettled(version)), Duration.ofSeconds(30),
                        () -> "seed=" + seed + ": clients did not reach version " + version);
                for (WsTestClient client : clients) {
                    assertEquals(server_, client.content(), "seed=" + seed + ": " + client.clientId() + " diverged");
                }
                System.out.println("ConvergenceTest seed=" + seed + " converged at version " + version + " after "
                        + disconnects + " disconnects, document length " + server_.length());
            }
            clients.forEach(WsTestClient::close);
        }
    }
}
