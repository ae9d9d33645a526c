package dev.quire.bench;

import dev.quire.ot.Delta;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.sqlite.SqliteDocumentStore;
import dev.quire.store.sqlite.SqliteSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit of the SQLite store: ops/s committed, and ack latency, with 1, 10 and 100
 * concurrent writers. Each writer is a client with one op in flight: it appends, waits for the
 * future (the ack), and only then sends its next op. Writers on their own documents, or all on one
 * document (sequenced under a lock, as its hub does). Alongside, a reader loads an idle document
 * in a loop, to show reads are not queued behind commits.
 *
 * <p>Usage: {@code StoreBench [seconds per case, default 5] [directory for the database files]}.
 * Results: docs/benchmarks.md, "Storage: group commit".
 */
public final class StoreBench {
    private static final Delta TYPED = Delta.builder().insert("typing a few words. ").build();

    private StoreBench() {
    }

    private record Result(String name, double opsPerSecond, long[] latencies, long[] readLatencies) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("storebench");
        SqliteSettings full = SqliteSettings.defaults();
        System.out.println("| case | writers | documents | ops/s | ack p50 ms | ack p99 ms | idle load p50 / p99 ms |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|");
        int run = 0;
        bench(dir.resolve("warmup.db"), full, "warm-up (JIT), not printed", 10, false, 2);
        for (int writers : new int[] {1, 10, 100}) {
            print(bench(dir.resolve("run" + run++ + ".db"), full, "FULL, group commit", writers, false, seconds), writers, false);
            print(bench(dir.resolve("run" + run++ + ".db"), full, "FULL, group commit", writers, true, seconds), writers, true);
        }
        for (int writers : new int[] {10, 100}) {
            print(bench(dir.resolve("run" + run++ + ".db"), full.withMaxBatch(1), "FULL, one op per commit",
                    writers, false, seconds), writers, false);
        }
        print(bench(dir.resolve("run" + run++ + ".db"), full.withSynchronous(SqliteSettings.Synchronous.NORMAL),
                "NORMAL (not durable on power loss), group commit", 100, false, seconds), 100, false);
    }

    private static Result bench(Path file, SqliteSettings settings, String name, int writers, boolean oneDocument,
                                int seconds) throws Exception {
        try (DocumentStore store = SqliteDocumentStore.open(file, settings)) {
            Instant now = Instant.now();
            DocumentSnapshot empty = new DocumentSnapshot(0, Delta.ofText("\n"));
            store.create("idle", "Idle", empty, now);
            for (int v = 1; v <= 200; v++) {
                store.append("idle", op(v, "idle", v)).get();
            }
            int documents = oneDocument ? 1 : writers;
            for (int d = 0; d < documents; d++) {
                store.create("d" + d, "D", empty, now);
            }
            long[] nextVersion = new long[documents];
            long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            long end = warmUpEnd + TimeUnit.SECONDS.toNanos(seconds);
            CountDownLatch done = new CountDownLatch(writers + 1);
            AtomicLong failures = new AtomicLong();
            List<long[]> perWriter = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                LatencyLog latencies = new LatencyLog();
                int writer = w;
                threads.add(new Thread(() -> {
                    try {
                        String doc = "d" + (oneDocument ? 0 : writer);
                        long seq = 0;
                        while (System.nanoTime() < end) {
                            long start = System.nanoTime();
                            java.util.concurrent.CompletableFuture<Void> ack;
                            synchronized (nextVersion) { // one document's appends in version order, like its hub
                                int d = oneDocument ? 0 : writer;
                                ack = store.append(doc, op(++nextVersion[d], "w" + writer, ++seq));
                            }
                            ack.get();
                            long stop = System.nanoTime();
                            if (start >= warmUpEnd && stop <= end) {
                                latencies.add(stop - start);
                            }
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        e.printStackTrace();
                    } finally {
                        synchronized (perWriter) {
                            perWriter.add(latencies.toArray());
                        }
                        done.countDown();
                    }
                }, "writer-" + w));
            }
            LatencyLog reads = new LatencyLog();
            threads.add(new Thread(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    store.load("idle").orElseThrow();
                    long stop = System.nanoTime();
                    if (start >= warmUpEnd && stop <= end) {
                        reads.add(stop - start);
                    }
                }
                done.countDown();
            }, "reader"));
            threads.forEach(Thread::start);
            done.await();
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " writers failed");
            }
            long[] all = perWriter.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(name, all.length / (double) seconds, all, sorted(reads.toArray()));
        }
    }

    private static CommittedOp op(long version, String client, long seq) {
        return new CommittedOp(version, client, seq, TYPED, client, Instant.now());
    }

    private static void print(Result r, int writers, boolean oneDocument) {
        System.out.printf("| %s | %d | %s | %,.0f | %.2f | %.2f | %.2f / %.2f |%n", r.name(), writers,
                oneDocument ? "all on one" : "one each", r.opsPerSecond(), ms(r.latencies(), 0.50),
                ms(r.latencies(), 0.99), ms(r.readLatencies(), 0.50), ms(r.readLatencies(), 0.99));
    }

    private static long[] sorted(long[] values) {
        Arrays.sort(values);
        return values;
    }

    private static double ms(long[] sortedNanos, double quantile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(quantile * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    /** A growable array of nanosecond durations, written by one thread. */
    private static final class LatencyLog {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
