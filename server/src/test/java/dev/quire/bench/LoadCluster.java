package dev.quire.bench;

import dev.quire.store.postgres.PostgresUrl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Properties;
import java.util.UUID;

/**
 * The servers of a load run: one {@link LoadServer}, or several nodes of a cluster sharing a PostgreSQL schema of the
 * run's own (created before, dropped after) and optionally Redis.
 */
final class LoadCluster implements AutoCloseable {
    private final List<LoadServer> nodes;
    private final PostgresUrl database;
    private final String schema;

    private LoadCluster(List<LoadServer> nodes, PostgresUrl database, String schema) {
        this.nodes = nodes;
        this.database = database;
        this.schema = schema;
    }

    static LoadCluster start(LoadBench.Options o) throws Exception {
        if (o.nodes < 1 || (o.nodes > 1 && o.database.isEmpty())) {
            throw new IllegalArgumentException("--nodes=" + o.nodes + ": one, or several with --database");
        }
        List<String> flags = new ArrayList<>();
        PostgresUrl database = null;
        String schema = null;
        if (!o.database.isEmpty()) {
            database = PostgresUrl.parse(o.database, null);
            schema = "quire_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                    .toLowerCase(Locale.ROOT);
            run(database, "CREATE SCHEMA " + schema);
            String url = o.database.replaceFirst("^jdbc:", "");
            flags.addAll(List.of("--database", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema));
        }
        if (!o.redis.isEmpty()) {
            flags.addAll(List.of("--redis", o.redis));
        }
        List<LoadServer> nodes = new ArrayList<>();
        LoadCluster cluster = new LoadCluster(nodes, database, schema);
        try {
            for (int i = 0; i < o.nodes; i++) {
                nodes.add(LoadServer.start(o.serverJvmOptions(), flags));
            }
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Node 0: the one profiled and whose heap is read. */
    LoadServer first() {
        return nodes.get(0);
    }

    List<URI> bases() {
        return nodes.stream().map(LoadServer::baseUri).toList();
    }

    long[] pids() {
        return nodes.stream().mapToLong(LoadServer::pid).toArray();
    }

    long rssKib() {
        return nodes.stream().mapToLong(LoadServer::rssKib).sum();
    }

    List<String> problems() {
        return nodes.stream().flatMap(node -> node.problems().stream()).limit(10).toList();
    }

    /**
     * The {@code quire_cluster_*} counters of every node, summed, since the nodes started (join and warm-up included):
     * catch-ups are the store reads for ops the feed did not bring; a figure that a busy machine does not blur.
     * Empty for one node.
     */
    String clusterCounters() throws Exception {
        if (nodes.size() < 2) {
            return "";
        }
        Map<String, Double> sums = new TreeMap<>();
        HttpClient http = HttpClient.newHttpClient();
        for (LoadServer node : nodes) {
            String text = http.send(HttpRequest.newBuilder(node.baseUri().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith("quire_cluster_") && line.contains("_total")) {
                    String[] parts = line.split(" ");
                    sums.merge(parts[0], Double.parseDouble(parts[1]), Double::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder("cluster counters, all nodes, whole run:");
        sums.forEach((name, value) -> out.append(' ').append(name.replace("quire_cluster_", "").replace("_total", ""))
                .append('=').append(Math.round(value)));
        return out.toString();
    }

    @Override
    public void close() throws Exception {
        for (LoadServer node : nodes) {
            node.close();
        }
        if (schema != null) {
            run(database, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void run(PostgresUrl url, String sql) throws SQLException {
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), properties);
             Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }
}
