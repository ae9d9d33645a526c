package dev.quire.bench;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.sqlite.SqliteDocumentStore;
import dev.quire.store.sqlite.SqliteSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * CPU of the SQLite store's writer thread per commit at light load (issue 18): one writer appends a one-character
 * insert at a fixed rate, each op awaited before the next, so that every commit is one append alone in its batch, as
 * at 10 clients × 100 ops/s. CPU time, not latency: it is what a shared machine disturbs least. The store runs with
 * its defaults ({@code synchronous=FULL}: every commit syncs).
 *
 * <p>Usage: {@code StoreCpuBench [ops/s, default 100] [seconds per round, default 20] [rounds, default 3]
 * [directory, default a new temporary one]}; the first round is a warm-up (JIT), the others are printed as measured.
 * Results: docs/benchmarks.md, "Light load: the writer's CPU per commit".
 */
public final class StoreCpuBench {
    private static final String WRITER_THREAD = "quire-store-writer";

    private StoreCpuBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = args.length > 3 ? Files.createDirectories(Path.of(args[3])) : Files.createTempDirectory("storecpu");
        Path file = dir.resolve("storecpu-" + System.nanoTime() + ".db");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (DocumentStore store = SqliteDocumentStore.open(file, SqliteSettings.defaults())) {
            store.create("d", "D", new DocumentSnapshot(0, Delta.ofText("\n")), Instant.now());
            Thread writer = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(WRITER_THREAD)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no thread named " + WRITER_THREAD));
            long version = 0;
            for (int round = 0; round <= rounds; round++) {
                long commits = (long) rate * seconds;
                long cpuBefore = threads.getThreadCpuTime(writer.getId());
                long start = System.nanoTime();
                for (long i = 0; i < commits; i++) {
                    long wait = start + i * TimeUnit.SECONDS.toNanos(1) / rate - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    version++;
                    store.append("d", new CommittedOp(version, "c1", version,
                            Delta.builder().retain(0).insert("x").build(), "alice", Instant.now())).get();
                }
                double achieved = commits / ((System.nanoTime() - start) / 1e9);
                long cpu = threads.getThreadCpuTime(writer.getId()) - cpuBefore;
                System.out.printf("%s: %d commits at %.0f/s, writer thread CPU %.1f µs per commit (%.1f %% of a core)"
                                + ", load average %.2f%n", round == 0 ? "warm-up" : "round " + round, commits, achieved,
                        cpu / 1e3 / commits, 100.0 * cpu / (System.nanoTime() - start),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
    }
}
