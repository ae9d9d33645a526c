package dev.quire.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU accounting from Linux's /proc: a process's user+system time ({@code /proc/<pid>/stat}, fields 14 and 15),
 * the whole machine's busy and total time ({@code /proc/stat}), and the load average. Clock ticks are 1/100 s
 * (USER_HZ on Linux x86-64), so figures are good to about 10 ms per reading.
 */
final class LoadCpu {
    private static final long NANOS_PER_TICK = 10_000_000L;

    private LoadCpu() {
    }

    static long processCpuNanos(long pid) {
        return statCpuNanos(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /**
     * CPU time of the JIT compiler threads of the JVM {@code pid} ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}):
     * the part of a server's CPU that is warm-up, not steady state (issue 18: at 100 ops/s C2 still compiles a minute
     * after the start). Compiler threads that ended meanwhile are not counted.
     */
    static long compilerCpuNanos(long pid) {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        sum += Math.max(0, statCpuNanos(task.resolve("stat")));
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    /** User + system time from a {@code stat} file of /proc (a process's or a thread's). */
    private static long statCpuNanos(Path file) {
        try {
            String stat = Files.readString(file);
            // The command name (field 2) is in parentheses and may contain spaces: split after its closing ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state); utime is field 14 -> f[11], stime field 15 -> f[12].
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Write-type system calls (write, sendmsg, ...) the processes made so far ({@code /proc/<pid>/io} {@code syscw}):
     * a count the machine's load does not blur, unlike CPU time. -1 if unreadable.
     */
    static long writeSyscalls(long... pids) {
        long sum = 0;
        for (long pid : pids) {
            try {
                String line = Files.readAllLines(Path.of("/proc", Long.toString(pid), "io")).stream()
                        .filter(l -> l.startsWith("syscw:")).findFirst().orElseThrow();
                sum += Long.parseLong(line.substring("syscw:".length()).trim());
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return sum;
    }

    static long selfCpuNanos() {
        return processCpuNanos(ProcessHandle.current().pid());
    }

    /** {busy, total} jiffies of all CPUs since boot. */
    static long[] machineTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0); // "cpu  user nice system idle iowait irq softirq steal ..."
            String[] f = first.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** CPU time of every process whose command name is {@code name} (e.g. {@code postgres}), in nanoseconds. */
    static long commandCpuNanos(String name) {
        long sum = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path dir : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(dir.resolve("comm")).trim().equals(name)) {
                        sum += Math.max(0, processCpuNanos(Long.parseLong(dir.getFileName().toString())));
                    }
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    /**
     * CPU readings at one instant, to subtract: the servers (one or a cluster's nodes), the generator, PostgreSQL and
     * Redis (every process of theirs on the machine, whoever it serves), the whole machine.
     */
    record Sample(long wallNanos, long serverNanos, long serverCompilerNanos, long generatorNanos, long postgresNanos,
                  long redisNanos, long machineBusyTicks, long machineTotalTicks) {
        static Sample take(long... serverPids) {
            long[] machine = machineTicks();
            long servers = 0;
            long compilers = 0;
            for (long pid : serverPids) {
                servers += processCpuNanos(pid);
                compilers += compilerCpuNanos(pid);
            }
            return new Sample(System.nanoTime(), servers, compilers, selfCpuNanos(), commandCpuNanos("postgres"),
                    commandCpuNanos("redis-server"), machine[0], machine[1]);
        }

        /** Shares of one core over the interval since {@code start}: servers, generator, PostgreSQL, Redis, the rest. */
        Shares since(Sample start) {
            double wall = wallNanos - start.wallNanos;
            double server = (serverNanos - start.serverNanos) / wall;
            double serverCompilers = (serverCompilerNanos - start.serverCompilerNanos) / wall;
            double generator = (generatorNanos - start.generatorNanos) / wall;
            double postgres = (postgresNanos - start.postgresNanos) / wall;
            double redis = (redisNanos - start.redisNanos) / wall;
            double machineBusy = (machineBusyTicks - start.machineBusyTicks) * (double) NANOS_PER_TICK / wall;
            double cores = Runtime.getRuntime().availableProcessors();
            return new Shares(server, serverCompilers, generator, postgres, redis,
                    Math.max(0, machineBusy - server - generator - postgres - redis), cores);
        }
    }

    /** Each figure is in cores (1.0 = one core fully busy); {@code serverCompilers} is part of {@code server}. */
    record Shares(double server, double serverCompilers, double generator, double postgres, double redis, double others,
                  double cores) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "server %.2f (of which JIT compiler threads %.2f), generator %.2f, PostgreSQL %.2f, Redis %.2f,"
                            + " others %.2f (of %.0f cores)",
                    server, serverCompilers, generator, postgres, redis, others, cores);
        }
    }
}
