package dev.quire.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Quire server as a separate process ({@code dev.quire.app.Main --port 0}), as MainProcessTest starts it, so its
 * CPU time is accounted apart from the generator's. Also the measurements taken from outside: CPU time
 * ({@code /proc/<pid>/stat}), live heap ({@code jcmd GC.class_histogram}, which runs a full GC first), RSS, and
 * a JFR recording around the measured window.
 */
final class LoadServer implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final URI baseUri;
    private final Path log;

    private LoadServer(Process process, Path dir, URI baseUri, Path log) {
        this.process = process;
        this.dir = dir;
        this.baseUri = baseUri;
        this.log = log;
    }

    /** Starts the server with the generator's own class path (minus test classes) and waits for its listening line. */
    static LoadServer start(List<String> jvmOptions) throws Exception {
        return start(jvmOptions, List.of());
    }

    /** As {@link #start(List)}, with more flags for the server (a cluster node's {@code --database}, {@code --redis}). */
    static LoadServer start(List<String> jvmOptions, List<String> flags) throws Exception {
        Path dir = Files.createTempDirectory("quire-load");
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
                .collect(Collectors.joining(java.io.File.pathSeparator));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, "dev.quire.app.Main", "--host", "127.0.0.1", "--port", "0",
                "--data", dir.resolve("data").toString()));
        // The generator is one client address sending as fast as it can: the abuse limits (docs/security.md), which
        // would refuse exactly that, are lifted so that what is measured is the server's capacity.
        command.addAll(List.of("--ws-messages-per-second=1000000", "--ws-message-burst=1000000",
                "--ws-max-connections-per-address=1000000", "--ws-max-connections-per-document=1000000",
                "--api-requests-per-second=1000000", "--api-request-burst=1000000"));
        command.addAll(flags);
        Path log = dir.resolve("server.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(log.toFile()).start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            line = CompletableFuture.supplyAsync(() -> {
                try {
                    return stdout.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("server did not start; see " + log, e);
        }
        if (line == null || !line.startsWith("Quire listening on ")) {
            process.destroyForcibly();
            throw new IllegalStateException("unexpected server output '" + line + "'; see " + log);
        }
        return new LoadServer(process, dir, URI.create(line.substring("Quire listening on ".length()).trim()), log);
    }

    URI baseUri() {
        return baseUri;
    }

    long pid() {
        return process.pid();
    }

    Path dir() {
        return dir;
    }

    /** CPU time (user + system) of the server process so far, in nanoseconds. */
    long cpuNanos() {
        return LoadCpu.processCpuNanos(process.pid());
    }

    /** Resident set size in KiB, from /proc. */
    long rssKib() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return -1;
    }

    /** Live heap by class after a full GC: {@code jcmd <pid> GC.class_histogram} (the histogram is taken after a full GC). */
    Histogram liveHeap() throws Exception {
        String out = jcmd("GC.class_histogram");
        Map<String, Long> bytes = new HashMap<>();
        Map<String, Long> instances = new HashMap<>();
        long total = -1;
        Pattern row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
        Pattern totalRow = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+).*$");
        for (String l : out.split("\n")) {
            Matcher m = row.matcher(l);
            if (m.matches()) {
                instances.merge(m.group(3), Long.parseLong(m.group(1)), Long::sum);
                bytes.merge(m.group(3), Long.parseLong(m.group(2)), Long::sum);
                continue;
            }
            Matcher t = totalRow.matcher(l.trim());
            if (t.matches()) {
                total = Long.parseLong(t.group(2));
            }
        }
        if (total < 0) {
            throw new IllegalStateException("no total in class histogram:\n" + out);
        }
        return new Histogram(total, bytes, instances);
    }

    record Histogram(long totalBytes, Map<String, Long> bytesByClass, Map<String, Long> instancesByClass) {
    }

    /**
     * Starts JFR with the JDK's {@code profile} settings, Java and native method sampling raised from every 10/20 ms
     * to every 1 ms so that a short window gives enough samples.
     */
    void startRecording(Path file) throws Exception {
        Path jfc = dir.resolve("load-profile.jfc");
        String profile = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
        profile = profile.replace("control=\"method-sampling-java-interval\">10 ms<", "control=\"method-sampling-java-interval\">1 ms<")
                .replace("control=\"method-sampling-native-interval\">20 ms<", "control=\"method-sampling-native-interval\">1 ms<");
        Files.writeString(jfc, profile);
        jcmd("JFR.start", "name=load", "settings=" + jfc, "filename=" + file);
    }

    void stopRecording() throws Exception {
        jcmd("JFR.stop", "name=load");
    }

    String jcmd(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        command.add(Long.toString(process.pid()));
        command.addAll(List.of(args));
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(120, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", args) + " failed:\n" + out);
        }
        return out;
    }

    /** WARN/ERROR lines the server logged (first few), for the report. */
    List<String> problems() {
        try {
            return Files.readAllLines(log).stream()
                    .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("Exception"))
                    .limit(10).toList();
        } catch (IOException e) {
            return List.of("cannot read " + log + ": " + e);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: graceful stop
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        if (Files.exists(dir.resolve("server.jfr"))) {
            System.out.println("server log and JFR recording kept in " + dir);
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
