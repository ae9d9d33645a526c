package dev.quire.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 that can go silent as a hung proxy or a dead network does: {@link #goSilent()} stops
 * forwarding in both directions without closing anything, and connections accepted meanwhile are held open and never
 * answered, ever. {@link #resume()} forwards again, for connections made from then on (the silent ones stay dead).
 */
final class SilentProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile int targetPort;
    /** Bumped by each {@link #goSilent()}: a pipe forwards only while the epoch it was made in is current. */
    private volatile int epoch;
    private volatile boolean silent;

    SilentProxy() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "silent-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    void forwardTo(int port) {
        this.targetPort = port;
    }

    void goSilent() {
        silent = true;
        epoch++;
    }

    void resume() {
        silent = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                if (silent) {
                    continue; // accepted, never answered
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(server);
                int made = epoch;
                pipe(client.getInputStream(), server.getOutputStream(), made);
                pipe(server.getInputStream(), client.getOutputStream(), made);
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    // Bytes read after the network went silent are swallowed: nothing reaches the other side, nothing is closed.
    private void pipe(InputStream in, OutputStream out, int made) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (epoch == made) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side closed: the other is closed by close() or by its peer
            }
        }, "silent-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
