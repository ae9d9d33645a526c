package dev.quire.app;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Main} as a real process (test class path instead of the jar, which is only built at package time):
 * the one stdout line, serving, SIGTERM, exit codes.
 */
@Tag("heavy")
class MainProcessTest {

    private static Process java(List<String> args, Path data) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(data.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void portZero_printsListeningLine_servesIndex_andStopsOnSigterm(@TempDir Path dir) throws Exception {
        Process process = java(List.of("--port", "0", "--data", dir.resolve("data").toString()), dir);
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return stdout.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(30, TimeUnit.SECONDS);
            assertTrue(line.matches("Quire listening on http://127\\.0\\.0\\.1:\\d+/"), line);
            URI base = URI.create(line.substring("Quire listening on ".length()));
            HttpResponse<String> index = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, index.statusCode());
            assertTrue(Files.isDirectory(dir.resolve("data")));

            // SIGTERM via kill(1): Process.destroy() would also close our end of the pipes.
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "stopped within the shutdown bound");
            assertEquals(0, process.exitValue() == 143 ? 0 : process.exitValue(), "SIGTERM exit");
            assertEquals(null, stdout.readLine(), "nothing but the one line on stdout");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void invalidPort_exitsWith2(@TempDir Path dir) throws Exception {
        Process process = java(List.of("--port", "x"), dir);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
    }

    @Test
    void version_printsTheVersion_andExits0(@TempDir Path dir) throws Exception {
        Process process = java(List.of("--version"), dir);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals("Quire " + QuireVersion.current(), out);
    }

    @Test
    void configFile_isRead_andAnInvalidValueInItExitsWith2(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("quire.properties"), "port = 99999\n");
        Process process = java(List.of("--config", "quire.properties"), dir);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
    }
}
