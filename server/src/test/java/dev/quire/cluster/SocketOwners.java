package dev.quire.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which of some processes holds a TCP socket bound to a local port, read from Linux's {@code /proc} (the socket's
 * inode in {@code /proc/net/tcp}, then the process whose file descriptors include it): a test that sees a request
 * arrive learns which node sent it.
 */
final class SocketOwners {
    private SocketOwners() {
    }

    /** The process among {@code candidates} with a TCP socket on local port {@code port}, or null. */
    static Process ownerOf(int port, List<Process> candidates) throws IOException {
        Set<String> inodes = inodesOf(port);
        for (Process process : candidates) {
            if (process == null || !process.isAlive()) {
                continue;
            }
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
                boolean holds = fds.map(SocketOwners::target).anyMatch(target -> target != null
                        && target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1)));
                if (holds) {
                    return process;
                }
            }
        }
        return null;
    }

    private static Set<String> inodesOf(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[1].endsWith(hexPort)) {
                    inodes.add(fields[9]);
                }
            }
        }
        return inodes;
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return null; // closed meanwhile
        }
    }
}
