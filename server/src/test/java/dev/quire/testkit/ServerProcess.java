package dev.quire.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.app.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link Main} as a separate process on {@code dir/data}, started with this JVM's class path, for tests of what
 * only a real process shows: SIGKILL, SIGTERM, a second process on the same data directory. Its stderr (the log)
 * is appended to {@code dir/server.log}; the constructor returns once it printed its listening line.
 */
public final class ServerProcess {
    private static final Duration START = Duration.ofSeconds(60);

    public final Process process;
    public final URI base;

    /**
     * @param dir   working directory; the data directory is {@code dir/data}
     * @param port  port to listen on; 0 picks a free one (pass the old port to let clients reconnect)
     * @param flags more command-line flags, e.g. {@code --webhooks-allow-private}
     */
    public ServerProcess(Path dir, int port, String... flags) throws Exception {
        this(dir, port, List.of(), flags);
    }

    /** As {@link #ServerProcess(Path, int, String...)}, with options for the JVM, e.g. {@code -Xmx256m}. */
    public ServerProcess(Path dir, int port, List<String> jvmOptions, String... flags) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--port", Integer.toString(port), "--data", dir.resolve("data").toString()));
        command.addAll(List.of(flags));
        process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
        BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(START.toSeconds(), TimeUnit.SECONDS);
        assertTrue(line != null && line.startsWith("Quire listening on "), "listening line: " + line);
        base = URI.create(line.substring("Quire listening on ".length()));
    }

    /** SIGKILL: no shutdown hook, no close of the store; waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "killed");
    }

    /**
     * SIGTERM (what {@link Process#destroy()} sends on Linux), then waits up to {@code bound} for the process to
     * exit - a generous bound, not a speed check.
     *
     * @return the exit code
     */
    public int terminate(Duration bound) throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS),
                "the server did not exit within " + bound + " of SIGTERM");
        return process.exitValue();
    }
}
