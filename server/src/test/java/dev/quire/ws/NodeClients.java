package dev.quire.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Node clients ({@code src/test/node/client/run-clients.mjs}) as a child process: N clients of the
 * real protocol over {@code ws} (the web client's session, or the batching test client), editing one
 * document with seeded random edits.
 * Reads the driver's stdout lines ({@code {"event":…}} and one {@code {"clientId","version","content"}}
 * per client at the end) as they come; the driver's stderr goes to a file quoted in failures.
 *
 * <p>Node.js is a prerequisite of the build, so a missing {@code node} fails, never skips. Always
 * {@link #close()} it: that kills the process if it is still running. Not thread-safe.
 */
final class NodeClients implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String END = "\u0000end of stdout";

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private NodeClients(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::readStdout, "node-clients-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Which Node clients send {@code ops} batches instead of composing their edits (run-clients.mjs {@code --batching}). */
    enum Batching {
        /** None: every client is the web client, with one op in flight, composing later edits into it. */
        NONE,
        /** The even-numbered clients (node-0, node-2, …) batch, the others compose. */
        ALTERNATE,
        /** Every client batches. */
        ALL;

        String argument() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Starts {@code clients} Node clients on {@code documentId}, making {@code edits} edits in all, from {@code seed};
     * {@code batching} chooses the clients that send {@code ops} batches.
     */
    static NodeClients start(URI serverBase, String documentId, long seed, int clients, int edits, Batching batching) {
        Path dir = nodeDirectory();
        try {
            Path stderr = Files.createTempFile("quire-node-clients", ".stderr");
            Process process = new ProcessBuilder("node", "client/run-clients.mjs",
                    "--url", serverBase.toString(), "--document", documentId, "--seed", Long.toString(seed),
                    "--clients", Integer.toString(clients), "--edits", Integer.toString(edits),
                    "--batching", batching.argument())
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
                    .start();
            return new NodeClients(process, stderr);
        } catch (IOException e) {
            throw new AssertionError("Node.js is a prerequisite of the build but `node` cannot be started: "
                    + e.getMessage(), e);
        }
    }

    /** Waits for the driver's {@code {"event": name}} line and returns it. */
    JsonNode awaitEvent(String name, Duration timeout) {
        return awaitLine(line -> name.equals(line.path("event").asText()), "event " + name, timeout);
    }

    /** Tells the driver the document's final version (its clients wait for it before reporting). */
    void finalVersion(long version) {
        try {
            Writer stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            stdin.write("{\"version\":" + version + "}\n");
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot write to the Node clients' stdin" + diagnostics(), e);
        }
    }

    /** Waits for every client's final line and for the driver to exit with 0; client id → {@code {"clientId","version","content"}}. */
    Map<String, JsonNode> awaitFinalDocuments(int clients, Duration timeout) {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (documents.size() < clients) {
            JsonNode line = awaitLine(l -> l.has("clientId"), "final document " + (documents.size() + 1) + " of "
                    + clients, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            documents.put(line.get("clientId").asText(), line);
        }
        try {
            if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("the Node clients did not exit" + diagnostics());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("the Node clients exited with " + process.exitValue() + diagnostics());
        }
        return documents;
    }

    private JsonNode awaitLine(Predicate<JsonNode> which, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text;
            try {
                text = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (text == null) {
                throw new AssertionError("no " + what + " from the Node clients within " + timeout + diagnostics());
            }
            if (text.equals(END)) {
                lines.add(END); // stays the answer to every later wait
                throw new AssertionError("the Node clients ended before " + what + diagnostics());
            }
            seen.add(text);
            JsonNode line;
            try {
                line = JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("the Node clients printed a line that is not JSON: " + text + diagnostics());
            }
            if (which.test(line)) {
                return line;
            }
        }
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("{\"event\":\"stdout-failed\",\"message\":" + JSON.valueToTree(String.valueOf(e)) + "}");
        } finally {
            lines.add(END);
        }
    }

    private String diagnostics() {
        String exit = process.isAlive() ? "still running" : "exit status " + process.exitValue();
        String errors;
        try {
            errors = Files.readString(stderr);
        } catch (IOException e) {
            errors = "(stderr unreadable: " + e + ")";
        }
        return "\n  node: " + exit + "\n  stdout so far: " + seen + "\n  stderr: " + errors;
    }

    /** {@code server/src/test/node}, checked to hold {@code ws} (installed by {@code npm ci}). */
    private static Path nodeDirectory() {
        // Surefire runs in the module directory; an IDE may run from the repository root.
        Path dir = Path.of("src/test/node");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("server/src/test/node");
        }
        if (!Files.isRegularFile(dir.resolve("node_modules/ws/package.json"))) {
            throw new AssertionError("ws is not installed in " + dir.toAbsolutePath()
                    + ": run `npm ci` there (Maven does it in generate-test-resources)");
        }
        return dir;
    }

    /** Kills the driver if it still runs, and removes its stderr file. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + stderr, e);
        }
    }
}
