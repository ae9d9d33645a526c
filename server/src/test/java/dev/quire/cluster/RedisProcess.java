package dev.quire.cluster;

import dev.quire.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of a test's own on a free loopback port, never persisting ({@code --save ""}), that the test can
 * stop and start again on the same port without disturbing the shared Redis. It dies with the test: stopped in
 * {@link #close}, and in any case after five minutes ({@code timeout}), as a JVM that dies destroys nothing.
 */
final class RedisProcess implements AutoCloseable {
    private final int port;
    private Process process;

    private RedisProcess(int port) {
        this.port = port;
    }

    static RedisProcess start() {
        RedisProcess redis = notStarted();
        redis.restart();
        return redis;
    }

    /** A free port for a server that {@link #restart} starts later. */
    static RedisProcess notStarted() {
        return new RedisProcess(freePort());
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again) and waits until it accepts connections. */
    void restart() {
        try {
            process = new ProcessBuilder(List.of("timeout", "300", "redis-server", "--port", String.valueOf(port),
                    "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server could not be started", e);
        }
        Await.until(this::accepting, Duration.ofSeconds(10), () -> "redis-server listening on " + port);
    }

    /** Stops the server and waits until it is gone. */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private boolean accepting() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("redis-server exited");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
