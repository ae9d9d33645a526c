package dev.quire.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load generator for Quire's real-time server (docs/benchmarks.md, "Real-time server: load").
 *
 * <p>Starts the real server as a separate process ({@link LoadServer}), opens WebSocket clients
 * ({@link LoadClient}: writers and observers on {@link LoadNio} unless {@code --typists=jdk} or
 * {@code --observers=jdk} put them on the JDK's {@code java.net.http.WebSocket}), lets some of them type and the
 * others watch, and reports ops/s applied, ack latency, fan-out latency and the CPU used by server, generator and
 * everything else; or, for {@code idle}, holds many connections and reports the server's live heap per connection. Every phase is bounded
 * in time; only 127.0.0.1 is used.
 *
 * <pre>
 * --scenario=typist|typist-open|n10|n100|n1000|docs|idle|all   a preset (below); options after it override the preset
 * --clients=N --docs=D --writers=W (per document) --rate=R (keystrokes/s over all writers; 0 = closed loop)
 * --warmup=S --duration=S (measured window) --hold=S (idle) --trace=FILE|none --profile (JFR of the server)
 * --server-jvm="-Xmx1g ..." --http-clients=K (selector threads of the generator) --seed=N
 * --churn=K  drop K observers per second during the window (TCP abort, no close handshake)
 * --batch  open loop: keystrokes typed while a message is in flight go out as one {@code ops} batch of one op each
 * --observers=nio|jdk  the observers' transport: lean NIO ({@link LoadNio}, default) or java.net.http.WebSocket
 * --typists=nio|jdk    the writers' transport, likewise
 * --nodes=N  N servers (cluster mode; needs --database), client i on node i mod N, each document's writers spread
 * --route=client|document  which node a client joins: client i on node i mod N (default), or every client of a
 *                          document on one node, chosen by its id (as a load balancer that hashes the path would)
 * --database=postgresql://HOST:PORT/DB?user=U  the servers on PostgreSQL (a schema of the run's own, dropped after)
 * --redis=redis://HOST:PORT  the nodes' fan-out through Redis (else through PostgreSQL alone)
 * --protocol=3|2  the protocol version the clients' hello names (default 3: committed ops may come batched in
 *                 {@code ops} messages; 2: one {@code op} message per op, as before protocol 3)
 * </pre>
 */
public final class LoadBench {
    private LoadBench() {
    }

    /** Scenario presets: the loads docs/benchmarks.md reports on. */
    private static final Map<String, String> PRESETS = new LinkedHashMap<>();

    static {
        PRESETS.put("typist", "--clients=2 --docs=1 --writers=1 --rate=0 --warmup=5 --duration=15");
        PRESETS.put("typist-open", "--clients=2 --docs=1 --writers=1 --rate=15000 --warmup=5 --duration=15 --trace=none");
        PRESETS.put("typist-batch", "--clients=2 --docs=1 --writers=1 --rate=15000 --batch --warmup=5 --duration=15 --trace=none");
        PRESETS.put("n10", "--clients=10 --docs=1 --writers=5 --rate=500 --warmup=5 --duration=20 --trace=none");
        PRESETS.put("n100", "--clients=100 --docs=1 --writers=10 --rate=500 --warmup=5 --duration=20 --trace=none");
        PRESETS.put("n1000", "--clients=1000 --docs=1 --writers=10 --rate=50 --warmup=10 --duration=20 --trace=none");
        PRESETS.put("docs", "--clients=1000 --docs=100 --writers=1 --rate=500 --warmup=5 --duration=20 --trace=none");
        PRESETS.put("idle", "--clients=10000 --docs=100 --writers=0 --hold=70");
    }

    static final class Options {
        String scenario = "typist";
        int clients;
        int docs = 1;
        int writers;
        double rate;
        int warmup = 5;
        int duration = 20;
        int hold = 30;
        String trace = "";
        boolean profile;
        String serverJvm = "";
        int httpClients = 2;
        int churn;
        boolean batch;
        long seed = 42;
        /** Transport of the observers: {@code nio} ({@link LoadNio}) or {@code jdk} (java.net.http.WebSocket). */
        String observers = "nio";
        /** Transport of the writers, as {@link #observers}. */
        String typists = "nio";
        /** Servers sharing the documents: more than one is a cluster, on {@link #database}. */
        int nodes = 1;
        boolean routeByDocument;
        /** PostgreSQL URL, or empty for each server's embedded SQLite. */
        String database = "";
        /** Redis URL for a cluster's fan-out, or empty. */
        String redis = "";
        /** The protocol version the clients speak. */
        int protocol = 3;

        void apply(String arg) {
            String[] kv = arg.startsWith("--") ? arg.substring(2).split("=", 2) : new String[] {arg, ""};
            String v = kv.length > 1 ? kv[1] : "";
            switch (kv[0]) {
                case "scenario" -> scenario = v;
                case "clients" -> clients = Integer.parseInt(v);
                case "docs" -> docs = Integer.parseInt(v);
                case "writers" -> writers = Integer.parseInt(v);
                case "rate" -> rate = Double.parseDouble(v);
                case "warmup" -> warmup = Integer.parseInt(v);
                case "duration" -> duration = Integer.parseInt(v);
                case "hold" -> hold = Integer.parseInt(v);
                case "trace" -> trace = v;
                case "profile" -> profile = v.isEmpty() || Boolean.parseBoolean(v);
                case "server-jvm" -> serverJvm = v;
                case "http-clients" -> httpClients = Integer.parseInt(v);
                case "seed" -> seed = Long.parseLong(v);
                case "churn" -> churn = Integer.parseInt(v);
                case "batch" -> batch = v.isEmpty() || Boolean.parseBoolean(v);
                case "observers" -> observers = transport(kv[0], v);
                case "typists" -> typists = transport(kv[0], v);
                case "nodes" -> nodes = Integer.parseInt(v);
                case "route" -> {
                    if (!v.equals("client") && !v.equals("document")) {
                        throw new IllegalArgumentException("--route=client|document, not " + v);
                    }
                    routeByDocument = v.equals("document");
                }
                case "database" -> database = v;
                case "redis" -> redis = v;
                case "protocol" -> protocol = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }

        private static String transport(String option, String value) {
            if (!value.equals("nio") && !value.equals("jdk")) {
                throw new IllegalArgumentException("--" + option + "=nio|jdk, not " + value);
            }
            return value;
        }

        /** Whether {@code client} joins on the lean transport. */
        boolean lean(LoadClient client) {
            return (client.isWriter() ? typists : observers).equals("nio");
        }

        static Options parse(String scenario, List<String> args) {
            Options o = new Options();
            String preset = PRESETS.get(scenario);
            if (preset == null) {
                throw new IllegalArgumentException("unknown scenario " + scenario + "; one of " + PRESETS.keySet() + " or all");
            }
            for (String a : preset.split(" ")) {
                o.apply(a);
            }
            o.scenario = scenario;
            for (String a : args) {
                if (!a.startsWith("--scenario=")) {
                    o.apply(a);
                }
            }
            return o;
        }

        /** Where and how the run's servers store and share: a short name for the report. */
        String setUp() {
            String store = database.isEmpty() ? "SQLite" : "PostgreSQL";
            return nodes == 1 ? "1 node, " + store
                    : nodes + " nodes, " + store + (redis.isEmpty() ? ", no Redis" : " + Redis")
                            + (routeByDocument ? ", routed by document" : "");
        }

        List<String> serverJvmOptions() {
            return serverJvm.isBlank() ? List.of() : List.of(serverJvm.trim().split("\\s+"));
        }
    }

    public static void main(String[] args) throws Exception {
        String scenario = "typist";
        for (String a : args) {
            if (a.startsWith("--scenario=")) {
                scenario = a.substring("--scenario=".length());
            }
        }
        List<String> scenarios = scenario.equals("all") ? List.copyOf(PRESETS.keySet()) : List.of(scenario.split(","));
        System.out.printf("Quire load generator: %d cores, JDK %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), LoadCpu.loadAverage());
        List<String> rows = new ArrayList<>();
        for (String s : scenarios) {
            Options o = Options.parse(s, List.of(args));
            rows.add(o.writers == 0 ? idle(o) : traffic(o));
        }
        System.out.println();
        System.out.println("| scenario | ops/s applied | ack p50 / p99 ms | fan-out p50 / p99 / max ms (each delivery) | "
                + "all others p99 ms | CPU server(s) / generator / PostgreSQL / Redis / others (cores) | load avg |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.exit(0); // HttpClient selector threads are not daemons in every JDK
    }

    // --- typing scenarios ---

    private static String traffic(Options o) throws Exception {
        int perDoc = o.clients / o.docs;
        boolean closedLoop = o.rate <= 0;
        LoadClient.Script script = closedLoop ? script(o) : null;
        String load = closedLoop
                ? "closed loop (next op on ack), " + (script != null ? "replaying " + o.trace : "random 1-char inserts")
                : String.format(Locale.ROOT, "open loop, %.0f keystrokes/s total%s", o.rate,
                        o.batch ? ", each keystroke its own op (batched while a message is in flight)" : "");
        System.out.printf("%n== %s: %d clients on %d document(s), %d writer(s) per document, %s; warm-up %d s, measured %d s%n",
                o.scenario, perDoc * o.docs, o.docs, o.writers, load, o.warmup, o.duration);
        String loadBefore = LoadCpu.loadAverage();
        System.out.println("load average before: " + loadBefore + "; writers on " + transportName(o.typists)
                + ", observers on " + transportName(o.observers) + "; protocol " + o.protocol);

        LoadRun run = new LoadRun(o.protocol);
        List<LoadClient> all = new ArrayList<>();
        List<LoadClient> writers = new ArrayList<>();
        String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        double perWriterRate = closedLoop ? 0 : o.rate / (o.docs * (double) o.writers);
        int capacity = closedLoop ? (script != null ? script.deltas().length : 2_000_000)
                : (int) (perWriterRate * (o.warmup + o.duration + 5) * 1.2) + 1_000;
        SplittableRandom seeds = new SplittableRandom(o.seed);
        for (int d = 0; d < o.docs; d++) {
            String documentId = "load-" + runId + "-" + d;
            for (int c = 0; c < perDoc; c++) {
                LoadClient client = c < o.writers
                        ? LoadClient.writer(run, documentId, writers.size(), closedLoop, o.batch && !closedLoop, script,
                                capacity, seeds.nextLong())
                        : LoadClient.observer(run, documentId, all.size());
                if (client.isWriter()) {
                    writers.add(client);
                }
                all.add(client);
            }
        }
        writers.forEach(w -> w.receiversPerOp = perDoc - 1);

        try (LoadCluster servers = LoadCluster.start(o);
             Generator generator = new Generator(o.httpClients)) {
            LoadServer server = servers.first();
            System.out.println(o.setUp() + ": server pid(s) " + java.util.Arrays.toString(servers.pids()) + " at "
                    + servers.bases());
            joinAll(generator, servers.bases(), all, o);

            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("load-ticker"));
            List<ScheduledFuture<?>> ticks = new ArrayList<>();
            if (closedLoop) {
                writers.forEach(LoadClient::startClosedLoop);
            } else {
                long periodNanos = (long) (1e9 / perWriterRate);
                SplittableRandom phase = new SplittableRandom(o.seed + 1);
                for (LoadClient w : writers) {
                    ticks.add(ticker.scheduleAtFixedRate(w::keystroke, phase.nextLong(periodNanos), periodNanos,
                            TimeUnit.NANOSECONDS));
                }
            }
            Thread.sleep(o.warmup * 1000L);

            Path recording = server.dir().resolve("server.jfr");
            if (o.profile) {
                server.startRecording(recording);
            }
            run.measureStart = System.nanoTime();
            LoadCpu.Sample start = LoadCpu.Sample.take(servers.pids());
            long writesBefore = LoadCpu.writeSyscalls(servers.pids());
            if (o.churn > 0) {
                List<LoadClient> observers = new ArrayList<>(all.stream().filter(c -> !c.isWriter()).toList());
                java.util.Collections.shuffle(observers, new java.util.Random(o.seed));
                int dropped = 0;
                for (int second = 0; second < o.duration; second++) {
                    for (int k = 0; k < o.churn && dropped < observers.size(); k++) {
                        observers.get(dropped++).abort();
                    }
                    Thread.sleep(1000L);
                }
                System.out.println("churn: dropped " + dropped + " observers during the window (undelivered counts them)");
            } else {
                Thread.sleep(o.duration * 1000L);
            }
            run.measureEnd = System.nanoTime();
            LoadCpu.Sample end = LoadCpu.Sample.take(servers.pids());
            long writesAfter = LoadCpu.writeSyscalls(servers.pids());
            if (o.profile) {
                server.stopRecording();
            }
            run.generating = false;
            ticks.forEach(t -> t.cancel(false));
            ticker.shutdownNow();
            String loadAfter = LoadCpu.loadAverage();

            // Drain: in-flight acks and broadcasts of ops sent in the window, bounded.
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long undelivered;
            while (true) {
                boolean idle = writers.stream().allMatch(LoadClient::idle);
                undelivered = writers.stream().mapToLong(LoadClient::undelivered).sum();
                if ((idle && undelivered == 0) || System.nanoTime() > drainUntil) {
                    break;
                }
                Thread.sleep(50);
            }

            LoadCpu.Shares cpu = end.since(start);
            double seconds = (run.measureEnd - run.measureStart) / 1e9;
            double opsPerSecond = run.acks.get() / seconds;
            System.out.printf(Locale.ROOT, "ops/s applied (acked ops sent in the window): %.0f; keystrokes/s %.0f; ops sent %d%n",
                    opsPerSecond, run.keystrokes.get() / seconds, run.opsSent.get());
            System.out.println("ack latency ms p50 / p99 / max:                    " + run.ack.summary() + " (" + run.ack.count() + " acks)");
            System.out.println("ack latency ms p90 / p95 / p99.9:                  " + run.ack.tail() + " (the tail's shape)");
            System.out.println("fan-out ms p50 / p99 / max, each delivery:         " + run.delivery.summary() + " ("
                    + run.delivery.count() + " deliveries, " + String.format(Locale.ROOT, "%.0f", run.deliveries.get() / seconds) + "/s)");
            System.out.println("fan-out ms p50 / p99 / max, to all other clients:  " + run.allDelivered.summary() + " ("
                    + run.allDelivered.count() + " ops)");
            if (!closedLoop) {
                System.out.println("keystroke buffered while an op was in flight, ms:  " + run.bufferWait.summary() + " ("
                        + run.bufferWait.count() + (o.batch ? " batches)" : " composed ops)"));
            }
            if (o.batch && !closedLoop) {
                System.out.println("keystroke typed → its op acknowledged, ms:         " + run.keystrokeToAck.summary() + " ("
                        + run.keystrokeToAck.count() + " ops)");
            }
            long serverMicros = Math.round((end.serverNanos() - start.serverNanos()) / 1e3);
            long generatorMicros = Math.round((end.generatorNanos() - start.generatorNanos()) / 1e3);
            long messages = run.deliveries.get() + run.acks.get();
            System.out.printf(Locale.ROOT, "CPU per message delivered (broadcasts + acks): server %.1f µs, generator %.1f µs%n",
                    serverMicros / (double) Math.max(1, messages), generatorMicros / (double) Math.max(1, messages));
            if (writesBefore >= 0 && writesAfter >= 0) {
                System.out.printf(Locale.ROOT, "server write syscalls per message delivered: %.3f%n",
                        (writesAfter - writesBefore) / (double) Math.max(1, messages));
            }
            if (run.opsMessages.get() > 0) {
                System.out.printf(Locale.ROOT, "ops messages received (protocol 3): %d, %.2f ops each%n",
                        run.opsMessages.get(), run.opsInOpsMessages.get() / (double) run.opsMessages.get());
            }
            System.out.println("versions a client never received: " + run.versionGaps());
            System.out.println("undelivered after drain: " + undelivered + "; problems: " + run.errors.get() + " " + run.problems()
                    + "; closes " + run.closes());
            System.out.println("CPU in the window (cores): " + cpu + "; server RSS " + servers.rssKib() / 1024 + " MiB");
            System.out.println("load average after: " + loadAfter);
            servers.problems().forEach(p -> System.out.println("server log: " + p));
            if (o.nodes > 1) {
                System.out.println(servers.clusterCounters());
            }
            LoadServer.Histogram heap = server.liveHeap();
            System.out.printf(Locale.ROOT, "server live heap after the window (full GC): %.1f MiB, of which %d ScheduledFutureTask (%.1f MiB)%n",
                    heap.totalBytes() / 1048576.0,
                    heap.instancesByClass().getOrDefault("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask", 0L),
                    heap.bytesByClass().getOrDefault("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask", 0L) / 1048576.0);
            if (o.profile) {
                System.out.print(LoadProfile.summarise(recording, 15));
            }
            all.forEach(LoadClient::close);
            Thread.sleep(500);
            return String.format(Locale.ROOT, "| %s: %d clients, %d doc(s), %s, %s | %.0f | %s / %s | %s | %s | %.2f / %.2f / %.2f / %.2f / %.2f | %s |",
                    o.scenario, perDoc * o.docs, o.docs, closedLoop ? "closed loop" : String.format(Locale.ROOT, "%.0f keystrokes/s", o.rate),
                    o.setUp(), opsPerSecond, LoadHistogram.ms(run.ack.percentileMicros(0.5)), LoadHistogram.ms(run.ack.percentileMicros(0.99)),
                    run.delivery.summary(), LoadHistogram.ms(run.allDelivered.percentileMicros(0.99)),
                    cpu.server(), cpu.generator(), cpu.postgres(), cpu.redis(), cpu.others(), loadAfter.split(" ")[0]);
        }
    }

    private static LoadClient.Script script(Options o) throws Exception {
        if (o.trace.equals("none")) {
            return null;
        }
        Path file = o.trace.isEmpty() ? findTrace() : Path.of(o.trace);
        if (file == null || !Files.isRegularFile(file)) {
            System.out.println("no trace found (" + o.trace + "); typing random one-character inserts");
            o.trace = "none";
            return null;
        }
        o.trace = file.getFileName().toString();
        return LoadTrace.read(file, 2_000_000);
    }

    /** automerge-paper.json.gz of the repository's traces (the working directory is server/ under Maven). */
    private static Path findTrace() {
        for (String candidate : List.of("src/test/resources/traces", "server/src/test/resources/traces")) {
            Path p = Path.of(candidate, "automerge-paper.json.gz").toAbsolutePath().normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    // --- idle connections ---

    private static String idle(Options o) throws Exception {
        int perDoc = o.clients / o.docs;
        System.out.printf("%n== %s: %d idle connections on %d document(s) (%d each), held %d s%n",
                o.scenario, perDoc * o.docs, o.docs, perDoc, o.hold);
        System.out.println("load average before: " + LoadCpu.loadAverage());
        LoadRun run = new LoadRun(o.protocol);
        String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        try (LoadServer server = LoadServer.start(o.serverJvmOptions());
             Generator generator = new Generator(o.httpClients)) {
            System.out.println("server pid " + server.pid() + " at " + server.baseUri());
            // Warm-up: load the classes and caches a connection needs, so the baseline holds them too.
            List<LoadClient> warm = new ArrayList<>();
            LoadRun warmRun = new LoadRun(o.protocol);
            for (int i = 0; i < 200; i++) {
                warm.add(LoadClient.observer(warmRun, "load-" + runId + "-warm-" + (i % 4), i));
            }
            joinAll(generator, List.of(server.baseUri()), warm, o);
            warm.forEach(LoadClient::close);
            Thread.sleep(2_000);
            LoadServer.Histogram before = server.liveHeap();
            long rssBefore = server.rssKib();

            List<LoadClient> clients = new ArrayList<>();
            for (int d = 0; d < o.docs; d++) {
                for (int c = 0; c < perDoc; c++) {
                    clients.add(LoadClient.observer(run, "load-" + runId + "-" + d, clients.size()));
                }
            }
            joinAll(generator, List.of(server.baseUri()), clients, o);
            Thread.sleep(1_000);
            LoadServer.Histogram after = server.liveHeap();
            long rssAfter = server.rssKib();
            int n = clients.size();
            double perConnection = (after.totalBytes() - before.totalBytes()) / (double) n;
            System.out.printf(Locale.ROOT, "live heap (jcmd GC.class_histogram, after full GC): %.1f MiB before, %.1f MiB with %d connections"
                            + " -> %.0f bytes = %.1f KB per connection%n",
                    before.totalBytes() / 1048576.0, after.totalBytes() / 1048576.0, n, perConnection, perConnection / 1000);
            System.out.printf(Locale.ROOT, "server RSS: %d MiB before, %d MiB after -> %.1f KB per connection (heap growth, thread stacks, buffers)%n",
                    rssBefore / 1024, rssAfter / 1024, (rssAfter - rssBefore) * 1.024 / n);
            printGrowth(before, after, n);
            LoadCpu.Sample start = LoadCpu.Sample.take(server.pid());
            Thread.sleep(o.hold * 1000L);
            LoadCpu.Shares cpu = LoadCpu.Sample.take(server.pid()).since(start);
            System.out.println("held " + o.hold + " s: pings received " + run.pings.get() + ", closes " + run.closes()
                    + ", problems " + run.errors.get() + " " + run.problems());
            System.out.println("CPU while holding (cores): " + cpu);
            // Tyrus re-arms a 60 s idle timer on every frame and leaves the cancelled ones queued until they expire,
            // so the heap right after the join holds transient timers; after 60 s quiet it is the steady state.
            LoadServer.Histogram held = server.liveHeap();
            double heldPerConnection = (held.totalBytes() - before.totalBytes()) / (double) n;
            System.out.printf(Locale.ROOT, "live heap after holding %d s: %.1f MiB -> %.0f bytes = %.1f KB per connection%n",
                    o.hold, held.totalBytes() / 1048576.0, heldPerConnection, heldPerConnection / 1000);
            printGrowth(before, held, n);
            String loadAfter = LoadCpu.loadAverage();
            System.out.println("load average after: " + loadAfter);
            server.problems().forEach(p -> System.out.println("server log: " + p));
            clients.forEach(LoadClient::close);
            Thread.sleep(2_000);
            return String.format(Locale.ROOT, "| %s: %d idle connections, %d docs | - | - | - | - | %.2f / %.2f / - / - / %.2f (holding) | %s |"
                            + " heap %.1f KB/connection after the join, %.1f KB after %d s",
                    o.scenario, n, o.docs, cpu.server(), cpu.generator(), cpu.others(), loadAfter.split(" ")[0],
                    perConnection / 1000, heldPerConnection / 1000, o.hold);
        }
    }

    private static void printGrowth(LoadServer.Histogram before, LoadServer.Histogram after, int n) {
        System.out.println("  largest growth by class, per connection (bytes, instances):");
        after.bytesByClass().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.bytesByClass().getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(15)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %8.0f B  %6.2f  %s%n", e.getValue() / (double) n,
                        (after.instancesByClass().getOrDefault(e.getKey(), 0L)
                                - before.instancesByClass().getOrDefault(e.getKey(), 0L)) / (double) n, e.getKey()));
    }

    // --- connections ---

    /**
     * Joins every client, client {@code i} on {@code bases[i mod n]} (or, with {@code --route=document}, on the node
     * its document's id hashes to): one server, or the nodes of a cluster.
     */
    private static void joinAll(Generator generator, List<URI> bases, List<LoadClient> clients, Options o)
            throws Exception {
        long t0 = System.nanoTime();
        Semaphore handshakes = new Semaphore(100);
        List<CompletableFuture<LoadClient>> joins = new ArrayList<>(clients.size());
        for (LoadClient client : clients) {
            URI base = bases.get(o.routeByDocument ? Math.floorMod(client.documentId.hashCode(), bases.size())
                    : joins.size() % bases.size());
            if (!handshakes.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("handshakes stalled after " + joins.size() + " connections");
            }
            CompletableFuture<LoadClient> join = o.lean(client)
                    ? client.connect(generator.nio, base) : client.connect(generator.next(), base);
            joins.add(join.whenComplete((c, e) -> handshakes.release()));
        }
        CompletableFuture<Void> every = CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new));
        long deadline = t0 + TimeUnit.SECONDS.toNanos(300);
        while (true) {
            try {
                every.get(10, TimeUnit.SECONDS);
                break;
            } catch (java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                System.out.printf(Locale.ROOT, "  join: %d of %d welcomed after %.0f s%n",
                        joins.stream().filter(j -> j.isDone() && !j.isCompletedExceptionally()).count(), clients.size(),
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "join: %d clients welcomed in %.2f s; closed before the welcome and reconnected: %s%n",
                clients.size(), (System.nanoTime() - t0) / 1e9, clients.isEmpty() ? "none" : clients.get(0).run().joinRetries());
    }

    /**
     * The generator's transports: {@link LoadNio} (two selector threads, handlers on them), and the HTTP clients for
     * {@code --typists=jdk} / {@code --observers=jdk} (one selector thread each; handlers on a small shared pool).
     */
    private static final class Generator implements AutoCloseable {
        private final List<HttpClient> clients = new ArrayList<>();
        private final ExecutorService pool;
        private final AtomicInteger next = new AtomicInteger();
        final LoadNio nio;

        Generator(int count) throws java.io.IOException {
            pool = Executors.newFixedThreadPool(2, daemon("load-client"));
            for (int i = 0; i < count; i++) {
                clients.add(HttpClient.newBuilder().executor(pool).build());
            }
            nio = new LoadNio(2);
        }

        HttpClient next() {
            return clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
        }

        @Override
        public void close() {
            pool.shutdownNow();
            nio.close();
        }
    }

    private static String transportName(String transport) {
        return transport.equals("nio") ? "the lean NIO transport (LoadNio)" : "java.net.http.WebSocket";
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
