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
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may contain spaces: split after its closing ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state); utime is field 14 -> f[11], stime field 15 -> f[12].
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
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

    /** CPU readings at one instant, to subtract. */
    record Sample(long wallNanos, long serverNanos, long generatorNanos, long machineBusyTicks, long machineTotalTicks) {
        static Sample take(long serverPid) {
            long[] machine = machineTicks();
            return new Sample(System.nanoTime(), processCpuNanos(serverPid), selfCpuNanos(), machine[0], machine[1]);
        }

        /** Shares of one core over the interval since {@code start}: server, generator, everything else on the machine. */
        Shares since(Sample start) {
            double wall = wallNanos - start.wallNanos;
            double server = (serverNanos - start.serverNanos) / wall;
            double generator = (generatorNanos - start.generatorNanos) / wall;
            double machineBusy = (machineBusyTicks - start.machineBusyTicks) * (double) NANOS_PER_TICK / wall;
            double cores = Runtime.getRuntime().availableProcessors();
            return new Shares(server, generator, Math.max(0, machineBusy - server - generator), cores);
        }
    }

    /** Each figure is in cores (1.0 = one core fully busy). */
    record Shares(double server, double generator, double others, double cores) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "server %.2f, generator %.2f, others %.2f (of %.0f cores)",
                    server, generator, others, cores);
        }
    }
}
