package dev.quire.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The independent verifier: the npm {@code standardwebhooks} package under Node ({@code
 * src/test/node/webhook-verify}, installed by the build's {@code npm ci}), not the Java code that signs. Node is a
 * prerequisite of the build, so a missing {@code node} fails, never skips. Public for the cluster tests.
 */
public final class NodeVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeVerifier() {
    }

    /** A delivery to verify with {@code secret}, as if received at {@code now} (Unix seconds). */
    public record Case(String secret, Map<String, String> headers, String body, long now) {
        public static Case of(String secret, Receiver.Received received) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
                if (received.header(name) != null) {
                    headers.put(name, received.header(name));
                }
            }
            return new Case(secret, headers, received.body(), Long.parseLong(received.header("webhook-timestamp")));
        }
    }

    /** Each case's answer: {@code {"ok": true, "payload": ...}} or {@code {"ok": false, "error": "..."}}. */
    public static List<JsonNode> verify(List<Case> cases) throws IOException, InterruptedException {
        Path dir = Path.of("src/test/node/webhook-verify").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("node_modules/standardwebhooks"))) {
            throw new AssertionError("npm standardwebhooks is not installed in " + dir + ": run the build (npm ci)");
        }
        Process node = new ProcessBuilder("node", "verify.mjs").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = node.getOutputStream()) {
            for (Case c : cases) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("secret", c.secret());
                line.put("headers", c.headers());
                line.put("body", c.body());
                line.put("now", c.now());
                in.write((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        List<JsonNode> answers = new ArrayList<>();
        for (String line : new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                answers.add(JSON.readTree(line));
            }
        }
        if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0 || answers.size() != cases.size()) {
            throw new AssertionError("the Node verifier failed: " + answers.size() + " of " + cases.size()
                    + " answers");
        }
        return answers;
    }

    public static JsonNode verify(Case c) throws IOException, InterruptedException {
        return verify(List.of(c)).get(0);
    }
}
