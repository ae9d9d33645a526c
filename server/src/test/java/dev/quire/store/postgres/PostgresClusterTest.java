package dev.quire.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.OutboxMessage;
import dev.quire.store.VersionConflictException;
import dev.quire.webhook.Delivery;
import dev.quire.webhook.Endpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Two nodes - two stores on the same schema, each with its own writer and pool - writing one document: the database
 * orders them.
 */
class PostgresClusterTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00.123456Z");
    private static final DocumentSnapshot EMPTY = new DocumentSnapshot(0, Delta.ofText("\n"));

    private FreshSchema schema;
    private PostgresDocumentStore node1;
    private PostgresDocumentStore node2;

    @BeforeEach
    void open() {
        schema = FreshSchema.create();
        node1 = PostgresDocumentStore.open(schema.settings());
        node2 = PostgresDocumentStore.open(schema.settings());
    }

    @AfterEach
    void close() {
        node1.close();
        node2.close();
        schema.close();
    }

    private static CommittedOp op(long version, String client, long seq) {
        return new CommittedOp(version, client, seq, Delta.builder().insert(client + seq + " ").build(), client,
                T0.plusMillis(version));
    }

    /**
     * Each node's writers append with the head they last saw, as a hub does; a lost race is a conflict, after which
     * they read the head again (as a hub reloads). Whatever the interleaving, the log is 1..n without a gap, every
     * committed op is there once, and each client's ops are in its own order.
     */
    @Test
    void concurrentAppendsOfTwoNodes_eachCommitsAtItsVersionOrConflicts_nothingLostDuplicatedOrReordered()
            throws Exception {
        long seed = System.nanoTime();
        System.out.println("PostgresClusterTest seed " + seed);
        assertTrue(node1.create("a", "A", EMPTY, T0));
        int writersPerNode = 3;
        int opsEach = 40;
        ExecutorService pool = Executors.newFixedThreadPool(2 * writersPerNode);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<CommittedOp>>> work = new ArrayList<>();
        for (int w = 0; w < 2 * writersPerNode; w++) {
            PostgresDocumentStore node = w % 2 == 0 ? node1 : node2;
            String client = "n" + (w % 2 + 1) + "w" + w;
            Random random = new Random(seed + w);
            work.add(pool.submit(() -> {
                start.await();
                List<CommittedOp> committed = new ArrayList<>();
                long seq = 0;
                while (committed.size() < opsEach) {
                    long head = node.heads(List.of("a")).get("a");
                    CommittedOp op = op(head + 1, client, seq + 1);
                    try {
                        node.append("a", op).get(30, TimeUnit.SECONDS);
                        committed.add(op);
                        seq++;
                    } catch (ExecutionException e) {
                        assertInstanceOf(VersionConflictException.class, e.getCause(), "only a lost race fails");
                        if (random.nextInt(4) == 0) {
                            Thread.yield();
                        }
                    }
                }
                return committed;
            }));
        }
        start.countDown();
        Set<CommittedOp> expected = new HashSet<>();
        for (Future<List<CommittedOp>> w : work) {
            expected.addAll(w.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();

        List<CommittedOp> log = node2.ops("a", 0, Long.MAX_VALUE);
        assertEquals(2 * writersPerNode * opsEach, log.size());
        assertEquals(expected, new HashSet<>(log), "every acknowledged op is stored, and only those");
        for (int i = 0; i < log.size(); i++) {
            assertEquals(i + 1, log.get(i).version(), "no gap, no duplicate version");
        }
        Map<String, Long> lastSeq = new java.util.HashMap<>();
        for (CommittedOp op : log) {
            long previous = lastSeq.getOrDefault(op.clientId(), 0L);
            assertEquals(previous + 1, op.seq(), "each client's ops in its order, none twice");
            lastSeq.put(op.clientId(), op.seq());
        }
        assertEquals(Map.of("a", (long) log.size()), node1.heads(List.of("a")));
        assertEquals(log, node1.load("a").orElseThrow().opsAfterSnapshot(), "both nodes read the same log");
    }

    /**
     * Both nodes create the same new ids at once, in opposite orders (so their batches may hold the same creates the
     * other way round): each id is created exactly once, and no batch fails (a deadlock would fail a whole batch).
     */
    @Test
    void sameIdsCreatedOnTwoNodesAtOnce_eachIsCreatedOnce_noBatchFails() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int round = 0; round < 30; round++) {
            List<String> ids = List.of("x" + round, "y" + round);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> creates = new ArrayList<>();
            for (PostgresDocumentStore node : List.of(node1, node2)) {
                List<String> order = node == node1 ? ids : List.of(ids.get(1), ids.get(0));
                for (String id : order) {
                    creates.add(pool.submit(() -> {
                        start.await();
                        return node.create(id, id, EMPTY, T0);
                    }));
                }
            }
            start.countDown();
            int created = 0;
            for (Future<Boolean> create : creates) {
                created += create.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(2, created, "round " + round + ": each id once");
        }
        pool.shutdown();
        assertEquals(60, node1.list().size());
    }

    @Test
    void sameVersionFromTwoNodes_exactlyOneWins_theOtherConflicts() throws Exception {
        node1.create("a", "A", EMPTY, T0);
        for (long v = 1; v <= 20; v++) {
            CompletableFuture<Void> first = node1.append("a", op(v, "x", v));
            CompletableFuture<Void> second = node2.append("a", op(v, "y", v));
            int won = 0;
            for (CompletableFuture<Void> racer : List.of(first, second)) {
                try {
                    racer.get(30, TimeUnit.SECONDS);
                    won++;
                } catch (ExecutionException e) {
                    assertInstanceOf(VersionConflictException.class, e.getCause());
                }
            }
            assertEquals(1, won, "version " + v);
        }
        assertEquals(20, node2.ops("a", 0, 100).size());
    }

    /**
     * Exactly-once across nodes: an op whose (client, seq) is committed already - say resent to the other node after
     * a failover, at the next version - is refused by the key (document, client_id, seq) with IllegalStateException,
     * and nothing of it is stored.
     */
    @Test
    void opWhoseClientSeqIsCommitted_isRefusedByTheUniqueKey_onTheOtherNodeToo() throws Exception {
        node1.create("a", "A", EMPTY, T0);
        node1.append("a", op(1, "c", 1)).get(30, TimeUnit.SECONDS);

        CommittedOp resent = new CommittedOp(2, "c", 1, Delta.builder().insert("again").build(), "c", T0);
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> node2.append("a", resent).get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, refused.getCause());
        assertTrue(refused.getCause().getMessage().contains("client_seq"), refused.getCause().getMessage());
        assertEquals(List.of(op(1, "c", 1)), node1.ops("a", 0, 10));
        assertEquals(op(1, "c", 1), node2.findBySeq("a", "c", 1).orElseThrow());
        node2.append("a", op(2, "c", 2)).get(30, TimeUnit.SECONDS); // the document goes on
    }

    /**
     * Another node LISTENs; it hears the new head of each commit, and nothing of a refused append. The channel is the
     * database's, shared with every other test and node using it: only this test's documents (ids of its own) count.
     */
    @Test
    void commits_notifyTheirNewHead_refusedAppendsNotifyNothing() throws Exception {
        String a = schema.name() + "-a";
        String b = schema.name() + "-b";
        node1.create(a, "A", EMPTY, T0);
        node1.create(b, "B", EMPTY, T0);
        PostgresUrl url = PostgresUrl.parse(FreshSchema.URL, null);
        try (Connection listener = DriverManager.getConnection(url.jdbcUrl());
             Statement listen = listener.createStatement()) {
            listen.execute("LISTEN " + PostgresDocumentStore.COMMITS_CHANNEL);
            PGConnection notifications = listener.unwrap(PGConnection.class);

            node2.appendAll(a, List.of(op(1, "c", 1), op(2, "c", 2))).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(a + " 2"), next(notifications, 1, schema.name()));

            CompletableFuture<Void> conflict = node1.append(a, op(2, "d", 1)); // version 2 is taken
            assertThrows(ExecutionException.class, () -> conflict.get(30, TimeUnit.SECONDS));
            node1.append(b, op(1, "d", 2)).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(b + " 1"), next(notifications, 1, schema.name()), "the refused append sent nothing");
        }
    }

    /**
     * Both nodes' dispatchers claim at once: each delivery goes to one of them; the claims of a node that died are
     * taken over by the other once their lease ran out.
     */
    @Test
    void webhookClaims_ofTwoNodesAreDisjoint_andADeadNodesClaimsAreTakenOverAfterTheLease() throws Exception {
        node1.webhooks().createEndpoint(new Endpoint("ep", java.net.URI.create("https://hooks.example/ep"),
                "", Set.of("document.saved"), Set.of(), true, null, "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", null,
                null, null, T0, T0));
        for (int m = 0; m < 40; m++) {
            node1.webhooks().enqueue(new OutboxMessage("m" + m, "document.saved", "d", "{}", T0));
        }
        Instant now = T0.plusSeconds(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> claims = new ArrayList<>();
        for (PostgresDocumentStore node : List.of(node1, node2)) {
            claims.add(pool.submit(() -> {
                start.await();
                List<String> mine = new ArrayList<>();
                List<Delivery> got;
                while (!(got = node.webhooks().claimDue(now, now.plusSeconds(30), 3)).isEmpty()) {
                    got.forEach(d -> mine.add(d.messageId()));
                }
                return mine;
            }));
        }
        start.countDown();
        List<String> first = claims.get(0).get(60, TimeUnit.SECONDS);
        List<String> second = claims.get(1).get(60, TimeUnit.SECONDS);
        pool.shutdown();
        Set<String> all = new HashSet<>(first);
        all.addAll(second);
        assertEquals(40, first.size() + second.size(), "no delivery claimed twice");
        assertEquals(40, all.size(), "every delivery claimed");

        node1.close(); // node 1 dies with its claims leased
        assertEquals(List.of(), node2.webhooks().claimDue(now.plusSeconds(29), now.plusSeconds(60), 100));
        assertEquals(40, node2.webhooks().claimDue(now.plusSeconds(30), now.plusSeconds(60), 100).size(),
                "taken over once the lease ran out");
    }

    /** The next {@code count} payloads, waiting up to 30 s in all. */
    /** The next {@code count} notifications of documents whose id starts with {@code prefix}. */
    private static List<String> next(PGConnection connection, int count, String prefix) throws Exception {
        List<String> payloads = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (payloads.size() < count && System.nanoTime() < deadline) {
            PGNotification[] received = connection.getNotifications(1_000);
            if (received != null) {
                for (PGNotification n : received) {
                    assertEquals(PostgresDocumentStore.COMMITS_CHANNEL, n.getName());
                    if (n.getParameter().startsWith(prefix)) {
                        payloads.add(n.getParameter());
                    }
                }
            }
        }
        assertNull(payloads.size() < count ? "only " + payloads : null, "notifications within 30 s");
        return payloads;
    }
}
