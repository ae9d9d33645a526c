package dev.quire.ot.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs quill-delta under Node ({@code src/test/node/oracle.mjs}) on a batch of test cases: one
 * Node process per batch, one JSON line per case in, one answer line per case out, in order.
 * Node.js is a stated prerequisite of the build, so a missing {@code node} fails, never skips.
 */
final class NodeOracle {
    /** The version every Java result must agree with; the lockfile pins it, this guards the install. */
    static final String QUILL_DELTA_VERSION = "5.1.0";

    private static final long DEADLINE_SECONDS = 120;

    private NodeOracle() {
    }

    /**
     * quill-delta's answers to {@code caseLines} (one JSON object per line, no newlines inside):
     * each answer is {@code {"result": …}} or {@code {"error": "…"}}.
     *
     * @throws AssertionError when Node or the oracle cannot run, with what to do about it
     */
    static List<JsonNode> answer(List<String> caseLines, ObjectMapper mapper) throws IOException, InterruptedException {
        return answer("node", caseLines, mapper);
    }

    /** As {@link #answer(List, ObjectMapper)} with another Node executable (for the oracle's own tests). */
    static List<JsonNode> answer(String node, List<String> caseLines, ObjectMapper mapper)
            throws IOException, InterruptedException {
        Path dir = oracleDirectory();
        Path stderr = Files.createTempFile("quire-oracle", ".stderr");
        Process process;
        try {
            process = new ProcessBuilder(node, "oracle.mjs")
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("Node.js is a prerequisite of the build (see docs/ot.md) but `" + node
                    + "` could not be started: " + e.getMessage(), e);
        }
        try {
            // Write from another thread: Node answers while we still send, and pipes are bounded.
            Thread writer = new Thread(() -> writeLines(process, caseLines), "oracle-stdin");
            writer.start();
            List<JsonNode> answers = new ArrayList<>(caseLines.size());
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    answers.add(mapper.readTree(line));
                }
            }
            writer.join(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
            if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the quill-delta oracle did not finish within " + DEADLINE_SECONDS + " s");
            }
            if (process.exitValue() != 0 || answers.size() != caseLines.size()) {
                throw new AssertionError("the quill-delta oracle exited with " + process.exitValue() + " after "
                        + answers.size() + " of " + caseLines.size() + " answers; its stderr:\n"
                        + Files.readString(stderr));
            }
            return answers;
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
    }

    private static void writeLines(Process process, List<String> lines) {
        try (Writer in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8))) {
            for (String line : lines) {
                in.write(line);
                in.write('\n');
            }
        } catch (IOException e) {
            // Node died early; its exit code and stderr are reported by the reading side.
            throw new UncheckedIOException("writing test cases to the oracle failed", e);
        }
    }

    /** {@code server/src/test/node}, checked to hold the pinned quill-delta (installed by {@code npm ci}). */
    private static Path oracleDirectory() throws IOException {
        // Surefire runs in the module directory; an IDE may run from the repository root.
        Path dir = Path.of("src/test/node");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("server/src/test/node");
        }
        Path installed = dir.resolve("node_modules/quill-delta/package.json");
        if (!Files.isRegularFile(installed)) {
            throw new AssertionError("quill-delta is not installed in " + dir.toAbsolutePath()
                    + ": run `npm ci` there (Maven does it in generate-test-resources)");
        }
        String version = new ObjectMapper().readTree(installed.toFile()).path("version").asText();
        if (!QUILL_DELTA_VERSION.equals(version)) {
            throw new AssertionError("the oracle must be quill-delta " + QUILL_DELTA_VERSION + " but " + version
                    + " is installed in " + dir.toAbsolutePath() + ": run `npm ci` there");
        }
        return dir;
    }
}
