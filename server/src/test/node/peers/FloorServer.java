// The peer benchmark's `floor` server: the least any server can do for the generator, to tell what
// latency the machine itself allows (issue 18). One thread, one NIO selector, no OT, no storage, no
// framework: hello → welcome with the seed, op → ack to its writer and the same op, framed once,
// written to every other connection with one plain write() each, in the order they joined. Speaks
// only as much of Quire's protocol (docs/protocol.md) as server/src/test/node/peers needs; ops are
// not transformed, so the clients' documents do not converge (the generator does not check them).
//
//   java FloorServer.java SEED_DELTA_JSON     (prints "listening PORT DOCUMENT", then serves)
//
// Run by servers.mjs with the source launcher: benchmark code, no part of Quire's build.

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

public final class FloorServer {
  private static final String DOCUMENT = "bench";
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final Selector selector;
  private final String seed;
  private final List<Connection> open = new ArrayList<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
  private long version;
  private int nextClient;

  private FloorServer(Selector selector, String seed) {
    this.selector = selector;
    this.seed = seed;
  }

  public static void main(String[] args) throws Exception {
    Selector selector = Selector.open();
    ServerSocketChannel listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
    listener.configureBlocking(false);
    listener.register(selector, SelectionKey.OP_ACCEPT);
    System.out.println("listening " + listener.socket().getLocalPort() + " " + DOCUMENT);
    System.out.flush();
    new FloorServer(selector, args.length > 0 ? args[0] : "[{\"insert\":\"\\n\"}]").loop(listener);
  }

  private void loop(ServerSocketChannel listener) throws IOException {
    while (true) {
      selector.select();
      Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
      while (ready.hasNext()) {
        SelectionKey key = ready.next();
        ready.remove();
        if (!key.isValid()) {
          continue;
        }
        if (key.isAcceptable()) {
          SocketChannel channel;
          while ((channel = listener.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            Connection c = new Connection(channel);
            c.key = channel.register(selector, SelectionKey.OP_READ, c);
          }
          continue;
        }
        Connection c = (Connection) key.attachment();
        try {
          if (key.isWritable()) {
            c.flushPending();
          }
          if (key.isValid() && key.isReadable()) {
            read(c);
          }
        } catch (IOException e) {
          close(c);
        }
      }
    }
  }

  private void read(Connection c) throws IOException {
    readBuffer.clear();
    int n = c.channel.read(readBuffer);
    if (n < 0) {
      close(c);
      return;
    }
    readBuffer.flip();
    c.in.write(readBuffer);
    if (c.handshaken) {
      c.in.frames(this, c);
    } else {
      c.in.handshake(this, c);
    }
  }

  void onHandshake(Connection c, String request) throws IOException {
    String key = null;
    for (String line : request.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("sec-websocket-key")) {
        key = line.substring(colon + 1).trim();
      }
    }
    if (key == null) {
      c.send(ByteBuffer.wrap("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
      close(c);
      return;
    }
    String accept;
    try {
      accept = Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    c.handshaken = true;
    c.send(ByteBuffer.wrap(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
  }

  void onText(Connection c, String text) throws IOException {
    if (text.startsWith("{\"type\":\"hello\"")) {
      c.clientId = "c" + (++nextClient);
      open.add(c);
      c.send(frame("{\"type\":\"welcome\",\"protocol\":3,\"documentId\":\"" + DOCUMENT + "\",\"version\":" + version
          + ",\"clientId\":\"" + c.clientId + "\",\"content\":{\"ops\":" + seed + "}}"));
    } else if (text.startsWith("{\"type\":\"op\"")) {
      // The generator's op is {"type":"op","seq":N,"baseVersion":B,"delta":D}; D goes out as it came.
      int seqAt = text.indexOf("\"seq\":") + 6;
      String seq = text.substring(seqAt, text.indexOf(',', seqAt));
      String delta = text.substring(text.indexOf("\"delta\":") + 8, text.length() - 1);
      long v = ++version;
      c.send(frame("{\"type\":\"ack\",\"seq\":" + seq + ",\"version\":" + v + "}"));
      ByteBuffer broadcast = frame("{\"type\":\"op\",\"version\":" + v + ",\"clientId\":\"" + c.clientId
          + "\",\"seq\":" + seq + ",\"delta\":" + delta + "}");
      for (int i = 0, size = open.size(); i < size; i++) {
        Connection other = open.get(i);
        if (other != c) {
          other.send(broadcast.duplicate());
        }
      }
    }
  }

  void close(Connection c) {
    open.remove(c);
    c.key.cancel();
    try {
      c.channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** An unmasked text frame, as a server sends it. */
  static ByteBuffer frame(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    int header = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
    ByteBuffer b = ByteBuffer.allocateDirect(header + payload.length);
    b.put((byte) 0x81);
    if (payload.length < 126) {
      b.put((byte) payload.length);
    } else if (payload.length < 65536) {
      b.put((byte) 126).putShort((short) payload.length);
    } else {
      b.put((byte) 127).putLong(payload.length);
    }
    b.put(payload).flip();
    return b;
  }

  static final class Connection {
    final SocketChannel channel;
    final Input in = new Input();
    final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    SelectionKey key;
    boolean handshaken;
    String clientId;

    Connection(SocketChannel channel) {
      this.channel = channel;
    }

    /** One write() when nothing is pending; what the socket does not take waits for OP_WRITE. */
    void send(ByteBuffer frame) throws IOException {
      if (pending.isEmpty()) {
        channel.write(frame);
        if (!frame.hasRemaining()) {
          return;
        }
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
      pending.add(frame);
    }

    void flushPending() throws IOException {
      while (!pending.isEmpty()) {
        ByteBuffer head = pending.peek();
        channel.write(head);
        if (head.hasRemaining()) {
          return;
        }
        pending.poll();
      }
      key.interestOps(SelectionKey.OP_READ);
    }
  }

  /** What a connection has read and not yet used: the handshake, then masked client frames. */
  static final class Input {
    private byte[] bytes = new byte[4096];
    private int length;

    void write(ByteBuffer from) {
      int n = from.remaining();
      if (length + n > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
      }
      from.get(bytes, length, n);
      length += n;
    }

    void handshake(FloorServer server, Connection c) throws IOException {
      String seen = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      int end = seen.indexOf("\r\n\r\n");
      if (end < 0) {
        return;
      }
      consume(end + 4);
      server.onHandshake(c, seen.substring(0, end));
      if (c.handshaken && length > 0) {
        frames(server, c);
      }
    }

    void frames(FloorServer server, Connection c) throws IOException {
      int at = 0;
      while (length - at >= 2) {
        int opcode = bytes[at] & 0x0f;
        long size = bytes[at + 1] & 0x7f;
        boolean masked = (bytes[at + 1] & 0x80) != 0;
        int header = 2;
        if (size == 126) {
          if (length - at < 4) {
            break;
          }
          size = ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
          header = 4;
        } else if (size == 127) {
          if (length - at < 10) {
            break;
          }
          size = 0;
          for (int i = 0; i < 8; i++) {
            size = (size << 8) | (bytes[at + 2 + i] & 0xff);
          }
          header = 10;
        }
        int maskAt = at + header;
        int payloadAt = maskAt + (masked ? 4 : 0);
        if (length - payloadAt < size) {
          break;
        }
        if (masked) {
          for (int i = 0; i < size; i++) {
            bytes[payloadAt + i] ^= bytes[maskAt + (i & 3)];
          }
        }
        at = payloadAt + (int) size;
        if (opcode == 0x1) {
          server.onText(c, new String(bytes, payloadAt, (int) size, StandardCharsets.UTF_8));
        } else if (opcode == 0x8) {
          server.close(c);
          return;
        }
        // pings and pongs: the generator does not send pings; nothing else is needed
      }
      consume(at);
    }

    private void consume(int n) {
      System.arraycopy(bytes, n, bytes, 0, length - n);
      length -= n;
    }
  }
}
