package dev.quire.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of one service (PostgreSQL, Redis) that can hold back what the service says on
 * the connections that subscribe to something, and only those: a connection whose client ever sent {@code marker}
 * (e.g. {@code "LISTEN "} for PostgreSQL, {@code "SUBSCRIBE"} for Redis) is a subscription; while {@link #hold()}
 * is on, the service's bytes to it are kept in order and not forwarded, and {@link #release()} forwards them. Every
 * other connection (queries, commits, commands) passes untouched. So a node behind it keeps working but hears of
 * other nodes' commits late, as after a slow network or a paused subscriber, for as long as a test wants.
 */
final class HoldingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final byte[] marker;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean held;

    HoldingProxy(int targetPort, String marker) throws IOException {
        this.targetPort = targetPort;
        this.marker = marker.getBytes(StandardCharsets.US_ASCII);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "holding-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    void hold() {
        held = true;
    }

    /** Forwards what was held, in order, and everything from then on. */
    void release() throws IOException {
        held = false;
        for (Subscription subscription : subscriptions) {
            subscription.flush();
        }
    }

    /** How many connections have subscribed so far: a test waits for the node's before it holds them. */
    int subscriptions() {
        return (int) subscriptions.stream().filter(s -> s.subscribed).count();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket service = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(service);
                Subscription subscription = new Subscription(client.getOutputStream());
                subscriptions.add(subscription);
                start(() -> clientToService(client.getInputStream(), service.getOutputStream(), subscription));
                start(() -> serviceToClient(service.getInputStream(), subscription));
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    private void clientToService(InputStream in, OutputStream out, Subscription subscription) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (!subscription.subscribed && contains(buffer, n, marker)) {
                subscription.subscribed = true;
            }
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private void serviceToClient(InputStream in, Subscription subscription) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            subscription.forward(buffer, n, held);
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buffer[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void start(IoTask task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } catch (IOException e) {
                // one side closed: the other is closed by close() or by its peer
            }
        }, "holding-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    @FunctionalInterface
    private interface IoTask {
        void run() throws IOException;
    }

    /** The service's side of one connection: forwarded, or kept while held if the client subscribed. */
    private static final class Subscription {
        private final OutputStream toClient;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        volatile boolean subscribed;

        Subscription(OutputStream toClient) {
            this.toClient = toClient;
        }

        synchronized void forward(byte[] bytes, int length, boolean held) throws IOException {
            if (held && subscribed) {
                kept.write(bytes, 0, length);
                return;
            }
            flush();
            toClient.write(bytes, 0, length);
            toClient.flush();
        }

        synchronized void flush() throws IOException {
            if (kept.size() > 0) {
                kept.writeTo(toClient);
                kept.reset();
                toClient.flush();
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
