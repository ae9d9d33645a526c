package dev.quire.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lean WebSocket client transport for the load generator (observers, and writers unless {@code --typists=jdk}):
 * plain NIO, one selector thread per loop, no per-message objects beyond the received {@code String}. The JDK's
 * {@code java.net.http.WebSocket} cost the generator 13–16 µs of CPU per received message (hand-offs between its
 * selector and executor threads, a {@code CompletableFuture} per message), more than the server spent sending it; on
 * 2 shared cores that CPU came out of the server's share and its queueing showed up as fan-out latency. This
 * transport reads each socket when the selector says it is readable, takes the receive time as soon as a whole
 * message is in user space, and hands it to the client's handler on the same thread.
 *
 * <p>Only what the load generator needs: RFC 6455 handshake (no extensions), unmasked server frames (text,
 * continuation, ping, close), masked client text/pong/close frames. Not a general client.
 */
final class LoadNio implements AutoCloseable {

    /** What a connection tells its owner; called on the connection's loop thread. */
    interface Handler {
        void opened(Connection connection);

        void text(String text, long receivedNanos);

        void ping();

        void closed(int code, String reason);

        void failed(Throwable error);
    }

    private final List<Loop> loops = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    LoadNio(int threads) throws IOException {
        for (int i = 0; i < threads; i++) {
            Loop loop = new Loop("load-nio-" + (i + 1));
            loops.add(loop);
            loop.thread.start();
        }
    }

    /** Opens a connection to {@code uri} (ws://host:port/path); the handler hears of it on a loop thread. */
    void connect(URI uri, Handler handler) {
        Loop loop = loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
        loop.pending.add(new Connection(loop, uri, handler));
        loop.selector.wakeup();
    }

    @Override
    public void close() {
        for (Loop loop : loops) {
            loop.running = false;
            loop.selector.wakeup();
        }
    }

    /** One WebSocket. Sends may come from any thread. */
    static final class Connection {
        private final Loop loop;
        private final URI uri;
        private final Handler handler;
        private SocketChannel channel;
        private ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private boolean upgraded;
        private byte[] fragments;
        private int fragmentLength;
        private volatile boolean closed;

        private Connection(Loop loop, URI uri, Handler handler) {
            this.loop = loop;
            this.uri = uri;
            this.handler = handler;
        }

        void sendText(String text) {
            sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        void sendClose(int code, String reason) {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + r.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(r, 0, payload, 2, r.length);
            sendFrame(0x8, payload);
        }

        /** Drops the TCP connection without a close handshake. */
        void abort() {
            closed = true;
            try {
                channel.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
                channel.close();
            } catch (IOException | RuntimeException e) {
                // already gone
            }
        }

        private synchronized void sendFrame(int opcode, byte[] payload) {
            if (closed || channel == null) {
                return;
            }
            int n = payload.length;
            ByteBuffer frame = ByteBuffer.allocate(14 + n);
            frame.put((byte) (0x80 | opcode));
            if (n < 126) {
                frame.put((byte) (0x80 | n));
            } else if (n < 65536) {
                frame.put((byte) (0x80 | 126)).putShort((short) n);
            } else {
                frame.put((byte) (0x80 | 127)).putLong(n);
            }
            int mask = ThreadLocalRandom.current().nextInt();
            frame.putInt(mask);
            byte[] m = {(byte) (mask >> 24), (byte) (mask >> 16), (byte) (mask >> 8), (byte) mask};
            for (int i = 0; i < n; i++) {
                frame.put((byte) (payload[i] ^ m[i & 3]));
            }
            frame.flip();
            writeFully(frame);
        }

        /** Small frames on a socket the peer reads: a non-blocking write almost always takes them at once. */
        private void writeFully(ByteBuffer buffer) {
            try {
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (buffer.hasRemaining()) {
                    if (channel.write(buffer) == 0) {
                        if (System.nanoTime() > deadline) {
                            throw new IOException("write stalled for 5 s");
                        }
                        Thread.onSpinWait();
                    }
                }
            } catch (IOException e) {
                closed = true;
                handler.failed(e);
            }
        }

        private void start() throws IOException {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
            channel.register(loop.selector, SelectionKey.OP_CONNECT, this);
        }

        private void connected(SelectionKey key) throws IOException {
            channel.finishConnect();
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            synchronized (this) {
                writeFully(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        private void readable() throws IOException {
            if (!in.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
                in.flip();
                bigger.put(in);
                in = bigger;
            }
            int read = channel.read(in);
            if (read < 0) {
                gone(1006, "connection dropped");
                return;
            }
            long now = System.nanoTime();
            in.flip();
            if (!upgraded && !handshake()) {
                in.compact();
                return;
            }
            while (upgraded && !closed && frame(now)) {
                // one whole frame consumed
            }
            in.compact();
        }

        /** @return whether the 101 response is complete (and consumed) */
        private boolean handshake() throws IOException {
            byte[] a = in.array();
            int start = in.position();
            int end = in.limit();
            for (int i = start; i + 3 < end; i++) {
                if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                    String head = new String(a, start, i - start, StandardCharsets.US_ASCII);
                    in.position(i + 4);
                    if (!head.startsWith("HTTP/1.1 101")) {
                        gone(1002, "handshake refused: " + head.lines().findFirst().orElse(""));
                        return false;
                    }
                    upgraded = true;
                    handler.opened(this);
                    return true;
                }
            }
            return false;
        }

        /** Consumes one frame if it is complete. */
        private boolean frame(long now) throws IOException {
            int p = in.position();
            int available = in.remaining();
            if (available < 2) {
                return false;
            }
            byte[] a = in.array();
            int b0 = a[p] & 0xff;
            int b1 = a[p + 1] & 0xff;
            long length = b1 & 0x7f;
            int header = 2;
            if (length == 126) {
                if (available < 4) {
                    return false;
                }
                length = ((a[p + 2] & 0xff) << 8) | (a[p + 3] & 0xff);
                header = 4;
            } else if (length == 127) {
                if (available < 10) {
                    return false;
                }
                length = in.getLong(p + 2);
                header = 10;
            }
            if (length > Integer.MAX_VALUE - 64) {
                throw new IOException("frame of " + length + " bytes");
            }
            if (available < header + length) {
                if (in.capacity() < header + length) {
                    ByteBuffer bigger = ByteBuffer.allocate((int) (header + length) + 1024);
                    bigger.put(in);
                    bigger.flip();
                    in = bigger;
                }
                return false;
            }
            int from = p + header;
            int n = (int) length;
            in.position(from + n);
            boolean fin = (b0 & 0x80) != 0;
            switch (b0 & 0x0f) {
                case 0x1 -> {
                    if (fin) {
                        handler.text(new String(a, from, n, StandardCharsets.UTF_8), now);
                    } else {
                        append(a, from, n, true);
                    }
                }
                case 0x0 -> {
                    append(a, from, n, false);
                    if (fin) {
                        String text = new String(fragments, 0, fragmentLength, StandardCharsets.UTF_8);
                        fragments = null;
                        handler.text(text, now);
                    }
                }
                case 0x9 -> {
                    byte[] payload = new byte[n];
                    System.arraycopy(a, from, payload, 0, n);
                    sendFrame(0xA, payload); // pong
                    handler.ping();
                }
                case 0x8 -> {
                    int code = n >= 2 ? ((a[from] & 0xff) << 8) | (a[from + 1] & 0xff) : 1005;
                    String reason = n > 2 ? new String(a, from + 2, n - 2, StandardCharsets.UTF_8) : "";
                    sendClose(code == 1005 ? 1000 : code, "");
                    gone(code, reason);
                }
                default -> {
                    // pong or binary: not used by the protocol
                }
            }
            return true;
        }

        private void append(byte[] a, int from, int n, boolean first) {
            if (first || fragments == null) {
                fragments = new byte[Math.max(1024, n * 2)];
                fragmentLength = 0;
            }
            if (fragmentLength + n > fragments.length) {
                fragments = java.util.Arrays.copyOf(fragments, (fragmentLength + n) * 2);
            }
            System.arraycopy(a, from, fragments, fragmentLength, n);
            fragmentLength += n;
        }

        private void gone(int code, String reason) {
            if (closed && !channel.isOpen()) {
                return;
            }
            closed = true;
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
            handler.closed(code, reason);
        }
    }

    private static final class Loop implements Runnable {
        final Selector selector;
        final Thread thread;
        final Queue<Connection> pending = new ConcurrentLinkedQueue<>();
        volatile boolean running = true;

        Loop(String name) throws IOException {
            selector = Selector.open();
            thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                try {
                    selector.select();
                    Connection added;
                    while ((added = pending.poll()) != null) {
                        try {
                            added.start();
                        } catch (IOException e) {
                            added.handler.failed(e);
                        }
                    }
                    var keys = selector.selectedKeys();
                    for (SelectionKey key : keys) {
                        Connection c = (Connection) key.attachment();
                        try {
                            if (!key.isValid()) {
                                continue;
                            }
                            if (key.isConnectable()) {
                                c.connected(key);
                            } else if (key.isReadable()) {
                                c.readable();
                            }
                        } catch (IOException | RuntimeException e) {
                            if (!c.closed) {
                                c.closed = true;
                                key.cancel();
                                try {
                                    c.channel.close();
                                } catch (IOException ignored) {
                                    // closing anyway
                                }
                                c.handler.failed(e);
                            }
                        }
                    }
                    keys.clear();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            try {
                selector.close();
            } catch (IOException e) {
                // ending
            }
        }
    }
}
