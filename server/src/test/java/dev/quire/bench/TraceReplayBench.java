package dev.quire.bench;

import dev.quire.doc.FlatRichText;
import dev.quire.doc.RichText;
import dev.quire.ot.Delta;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replays real editing traces through the document models and prints patches per second: the
 * tree ({@link RichText#of}), the flat op list ({@link FlatRichText#of}) and, as the floor, a
 * bare {@link StringBuilder} that keeps no attributes. Each patch {@code [pos, del, text]} becomes
 * the Delta {@code retain(pos) insert(text) delete(del)} applied to a document starting as "\n";
 * the final plain text is checked against the trace's {@code endContent} + "\n" after every round.
 *
 * <p>Two modes for the models: "build+apply" builds each Delta inside the timed loop (the real cost
 * on the server, which receives deltas it must build), "apply" replays Deltas built beforehand.
 *
 * <p>Usage: {@code TraceReplayBench [traces-folder]}; the folder defaults to the traces kept in the
 * repository, {@code server/src/test/resources/traces} (found by walking up from the working directory).
 * System properties: {@code bench.warmup} (default 5, and at least {@code bench.warmupMillis},
 * default 3000) and {@code bench.rounds} (default 10) rounds
 * for the tree and the StringBuilder; {@code bench.flatRounds} (default 3, after one warm-up) for
 * the flat list, which is orders of magnitude slower; {@code bench.only} a trace name to run alone;
 * {@code bench.verbose=true} prints every round (to see the noise of a shared machine);
 * {@code bench.clock=cpu} times rounds by the thread's CPU time instead of the wall clock (it
 * leaves out time the thread waits for a core, and also the work of GC threads).
 */
public final class TraceReplayBench {
    private static final int WARMUP = Integer.getInteger("bench.warmup", 5);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 10);
    private static final int FLAT_ROUNDS = Integer.getInteger("bench.flatRounds", 3);
    private static final long WARMUP_NANOS = Long.getLong("bench.warmupMillis", 3000) * 1_000_000;
    /** "wall" (default) or "cpu": this thread's CPU time, which a busy shared machine disturbs far less. */
    private static final boolean CPU_CLOCK = "cpu".equals(System.getProperty("bench.clock", "wall"));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean VERBOSE = Boolean.getBoolean("bench.verbose");

    private TraceReplayBench() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = args.length > 0 ? Path.of(args[0]) : defaultFolder();
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json.gz")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no *.json.gz traces in " + folder.toAbsolutePath());
        }
        System.out.printf("traces: %s; JVM %s; %d processors; warm-up %d, rounds %d (flat: 1 + %d)%n",
                folder.toAbsolutePath().normalize(), Runtime.version(), Runtime.getRuntime().availableProcessors(),
                WARMUP, ROUNDS, FLAT_ROUNDS);
        System.out.println("figures: patches/second, best / median of the measured rounds, timed by "
                + (CPU_CLOCK ? "the thread's CPU time" : "the wall clock"));
        System.out.println();
        System.out.println("| trace | patches | tree, build+apply | tree, apply | flat list, build+apply | StringBuilder |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        String only = System.getProperty("bench.only");
        for (Path file : files) {
            EditingTrace trace = EditingTrace.read(file);
            if (only != null && !only.equals(trace.name())) {
                continue;
            }
            Delta[] deltas = deltas(trace);
            String tree = measure(trace, WARMUP, ROUNDS, () -> replayBuilding(trace, RichText.empty()));
            String treeApply = measure(trace, WARMUP, ROUNDS, () -> replay(deltas, RichText.empty()));
            String flat = measure(trace, 1, FLAT_ROUNDS,
                    () -> replayBuilding(trace, FlatRichText.of(Delta.ofText("\n"))));
            String builder = measure(trace, WARMUP, ROUNDS, () -> replayStringBuilder(trace));
            System.out.printf("| %s | %,d | %s | %s | %s | %s |%n", trace.name(), trace.patches(), tree, treeApply,
                    flat, builder);
        }
    }

    /** Runs {@code replay} warm-up + measured times, checking its result each time; returns "best / median". */
    private static String measure(EditingTrace trace, int warmup, int rounds, Replay replay) {
        String expected = trace.endContent() + "\n";
        double[] rates = new double[rounds];
        // Warm up for a number of rounds and a minimum time: on a busy machine the JIT compiles late.
        long warmupEnd = System.nanoTime() + (warmup > 1 ? WARMUP_NANOS : 0);
        while (warmup > 0 || System.nanoTime() < warmupEnd) {
            if (!expected.equals(replay.run())) {
                throw new AssertionError(trace.name() + ": final text differs from endContent");
            }
            warmup--;
        }
        for (int round = 0; round < rounds; round++) {
            long start = now();
            String result = replay.run();
            long nanos = now() - start;
            if (!expected.equals(result)) {
                throw new AssertionError(trace.name() + ": final text differs from endContent");
            }
            rates[round] = trace.patches() * 1e9 / nanos;
            if (VERBOSE) {
                System.out.printf("  %s round %d: %s/s%n", trace.name(), round, format(trace.patches() * 1e9 / nanos));
            }
        }
        Arrays.sort(rates);
        return format(rates[rates.length - 1]) + " / " + format(rates[rates.length / 2]);
    }

    private static long now() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static String format(double rate) {
        return rate >= 1e6 ? String.format("%.2fM", rate / 1e6) : String.format("%.0fk", rate / 1e3);
    }

    @FunctionalInterface
    private interface Replay {
        /** Replays the whole trace and returns the final plain text. */
        String run();
    }

    /** The Delta of one patch: retain, insert, delete (Delta's normal form puts the insert first). */
    private static Delta delta(EditingTrace trace, int i) {
        return Delta.builder()
                .retain(trace.position()[i])
                .insert(trace.insertText()[i])
                .delete(trace.deleteCount()[i])
                .build();
    }

    private static Delta[] deltas(EditingTrace trace) {
        Delta[] deltas = new Delta[trace.patches()];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = delta(trace, i);
        }
        return deltas;
    }

    private static String replayBuilding(EditingTrace trace, RichText doc) {
        for (int i = 0; i < trace.patches(); i++) {
            doc.apply(delta(trace, i));
        }
        return doc.plainText();
    }

    private static String replay(Delta[] deltas, RichText doc) {
        for (Delta delta : deltas) {
            doc.apply(delta);
        }
        return doc.plainText();
    }

    private static String replayStringBuilder(EditingTrace trace) {
        StringBuilder text = new StringBuilder("\n");
        for (int i = 0; i < trace.patches(); i++) {
            // Skipping the empty half of a patch matters: an empty insert still moves the tail.
            int pos = trace.position()[i];
            if (trace.deleteCount()[i] > 0) {
                text.delete(pos, pos + trace.deleteCount()[i]);
            }
            if (!trace.insertText()[i].isEmpty()) {
                text.insert(pos, trace.insertText()[i]);
            }
        }
        return text.toString();
    }

    /** {@code server/src/test/resources/traces} of the checkout (the directory holding {@code server/pom.xml}). */
    private static Path defaultFolder() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("server").resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the checkout, or pass the traces folder as argument");
        }
        return dir.resolve("server/src/test/resources/traces");
    }
}
