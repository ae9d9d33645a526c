package dev.quire.cluster;

import dev.quire.store.postgres.FreshSchema;
import dev.quire.testkit.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Quire nodes in JVMs of their own ({@link ServerProcess}) on loopback ports, sharing one PostgreSQL schema and
 * optionally one Redis: a cluster a test can SIGKILL and restart node by node. Node {@code i} is {@code --node-id
 * quire-node-<i>}, and its database connections carry that as their application name (the driver's {@code
 * ApplicationName} parameter), so a test can find and terminate exactly that node's connections. A restarted node comes back on its old port, so clients that
 * knew it can reconnect. Node {@code i}'s log is {@code dir/node-<i>/server.log}.
 */
final class ClusterNodes implements AutoCloseable {
    /** Small heaps and a quick start: three of them share two cores with the test. */
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Path dir;
    private final FreshSchema schema;
    private final List<String> flags;
    /** Written by whoever kills and restarts, read by the clients' threads. */
    private final AtomicReferenceArray<ServerProcess> nodes;
    private final AtomicIntegerArray ports;

    private ClusterNodes(Path dir, int count, FreshSchema schema, List<String> flags) {
        this.dir = dir;
        this.schema = schema;
        this.flags = flags;
        this.nodes = new AtomicReferenceArray<>(count);
        this.ports = new AtomicIntegerArray(count);
    }

    /**
     * Starts {@code count} nodes on {@code schema}, with {@code redisUrl} as {@code --redis} when it is not null,
     * and {@code more} flags (e.g. {@code --webhooks-allow-private}).
     */
    static ClusterNodes start(Path dir, int count, FreshSchema schema, String redisUrl, String... more)
            throws Exception {
        // Tests poll the REST API while they wait for a condition; the abuse limit on requests would refuse them.
        List<String> flags = new ArrayList<>(List.of("--api-requests-per-second=1000000",
                "--api-request-burst=1000000"));
        if (redisUrl != null) {
            flags.addAll(List.of("--redis", redisUrl));
        }
        flags.addAll(List.of(more));
        ClusterNodes cluster = new ClusterNodes(dir, count, schema, flags);
        try {
            for (int i = 0; i < count; i++) {
                cluster.restart(i);
            }
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** What {@code --database} is for node {@code i}: the test's schema, the node's application name. */
    static String databaseFlag(FreshSchema schema, String applicationName) {
        String url = FreshSchema.URL.replaceFirst("^jdbc:", "");
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema.name() + "&ApplicationName="
                + applicationName;
    }

    static String applicationName(int node) {
        return "quire-node-" + node;
    }

    int size() {
        return nodes.length();
    }

    /** Node {@code i}'s HTTP base, also while it is down (its port is kept for the restart). */
    URI base(int i) {
        return URI.create("http://127.0.0.1:" + ports.get(i) + "/");
    }

    boolean isUp(int i) {
        ServerProcess node = nodes.get(i);
        return node != null && node.process.isAlive();
    }

    /** SIGKILL of node {@code i}: no shutdown hook, its leases and connections simply die with it. */
    void kill(int i) throws InterruptedException {
        ServerProcess node = nodes.getAndSet(i, null);
        if (node != null) {
            node.kill();
        }
    }

    /** Starts node {@code i} (again, on its old port); returns once it listens. */
    void restart(int i) throws Exception {
        if (isUp(i)) {
            throw new IllegalStateException("node " + i + " is running");
        }
        Path nodeDir = dir.resolve("node-" + i);
        try {
            Files.createDirectories(nodeDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> all = new ArrayList<>(List.of("--database", databaseFlag(schema, applicationName(i)),
                "--node-id", applicationName(i)));
        all.addAll(flags);
        ServerProcess node = new ServerProcess(nodeDir, ports.get(i), JVM, all.toArray(String[]::new));
        ports.set(i, node.base.getPort());
        nodes.set(i, node);
    }

    /** The process of node {@code i} (null while it is down): to find what it holds. */
    Process process(int i) {
        ServerProcess node = nodes.get(i);
        return node == null ? null : node.process;
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.length(); i++) {
            try {
                kill(i);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
