package dev.quire.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.cluster.RedisUrl;
import dev.quire.store.postgres.FreshSchema;
import dev.quire.store.postgres.PostgresUrl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails late - after the data directory was locked, the store opened and thread pools made - leaves
 * nothing behind: the directory can be used again at once and no thread of the application lives on.
 */
class FailedStartTest {
    /** Threads of the application's own pools (Threads.named and the webhook dispatcher). */
    private static final List<String> POOL_PREFIXES = List.of("quire-hub", "quire-timer", "quire-send",
            "quire-webhook", "quire-redis-link", "quire-pg-listen", "quire-pg-notify", "quire-storage-probe",
            "quire-control-events");

    @TempDir
    Path dir;

    @Test
    void buildFailingAtTheServer_releasesTheDataDirectory_andLeavesNoPoolThread() throws Exception {
        Set<Thread> before = poolThreads();
        Path data = dir.resolve("data");
        // The listener is the last part built; a port it refuses makes everything before it open already.
        ServerConfig config = new ServerConfig("127.0.0.1", 0, data).with(Settings.PORT, 70_000);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> QuireApplication.builder(config).build());
        assertTrue(refused.getMessage().contains("70000"), refused.getMessage());

        assertDirectoryFree(data);
        assertNoPoolThreadBeyond(before);
    }

    @Test
    void startOnATakenPort_releasesTheDataDirectory_andLeavesNoPoolThread() throws Exception {
        Set<Thread> before = poolThreads();
        Path data = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            QuireApplication app = QuireApplication.builder(
                    new ServerConfig("127.0.0.1", taken.getLocalPort(), data)).build();

            IOException refused = assertThrows(IOException.class, app::start);
            assertTrue(refused.getMessage().contains(":" + taken.getLocalPort()), refused.getMessage());
        }

        assertDirectoryFree(data);
        assertNoPoolThreadBeyond(before);
    }

    @Test
    void aClusterNodeWhoseBuildFails_closesItsRedisLinkListenersAndProbe() throws Exception {
        Set<Thread> before = poolThreads();
        try (FreshSchema schema = FreshSchema.create()) {
            String url = FreshSchema.URL + (FreshSchema.URL.contains("?") ? "&" : "?") + "currentSchema=" + schema.name();
            ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"))
                    .with(Settings.DATABASE, PostgresUrl.parse(url, null))
                    .with(Settings.REDIS, RedisUrl.parse(TestNodes.REDIS))
                    .with(Settings.PORT, 70_000);
            assertThrows(IllegalArgumentException.class, () -> QuireApplication.builder(config).build());
            assertNoPoolThreadBeyond(before);
        }
    }

    private static void assertDirectoryFree(Path data) throws IOException {
        // Throws InUseException while any application (in this process or another) still holds it.
        DataDirectoryLock.acquire(data).close();
    }

    /** Waits up to 10 s for every pool thread started since {@code before} to end. */
    private static void assertNoPoolThreadBeyond(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (Thread thread : poolThreads()) {
            if (!before.contains(thread)) {
                thread.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
            }
        }
        List<String> left = poolThreads().stream().filter(t -> !before.contains(t)).map(Thread::getName).toList();
        assertEquals(List.of(), left, "threads of the failed application still alive");
    }

    private static Set<Thread> poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> POOL_PREFIXES.stream().anyMatch(t.getName()::startsWith))
                .collect(java.util.stream.Collectors.toSet());
    }
}
