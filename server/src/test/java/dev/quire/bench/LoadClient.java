package dev.quire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One WebSocket client of the load generator, on the JDK's {@code java.net.http.WebSocket} (one selector
 * thread per {@link HttpClient}, no per-connection threads) or on the leaner {@link LoadNio}.
 *
 * <p>Observers only receive. Writers also type, keeping the protocol's rule of at most one op in flight:
 * <ul>
 * <li><b>closed loop</b>: send an op, wait for its ack, send the next (the next trace patch or a random
 * one-character insert) — measures how fast one author can go;</li>
 * <li><b>open loop</b>: keystrokes (one-character inserts) arrive at a fixed rate from a timer; a keystroke made
 * while an op is in flight is composed into a buffer that goes out as one op (an insert of k characters) when the
 * ack arrives — the ot.js client model, simplified in that the buffered characters are placed together at a
 * position chosen when the buffer is sent.</li>
 * <li><b>open loop, batched</b> ({@code --batch}): as open loop, but the keystrokes typed while a message is in
 * flight go out as one {@code ops} message of one-character ops (typed one after the other from a position
 * chosen when the batch is sent), each its own op with its own seq and version, acknowledged together.</li>
 * </ul>
 * A writer tracks only the document's version and length (from acks and broadcasts, which arrive in version
 * order), so it can name a valid {@code baseVersion} and insert position without keeping the text. Inserts are
 * placed before the final newline. Multi-writer runs only insert, so lengths stay exact without transforming.
 *
 * <p>Incoming {@code op} and {@code ack} frames are recognised by their prefix (the server writes fields in a fixed
 * order) so that parsing costs the generator little; everything else goes through Jackson.
 */
final class LoadClient implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OP_PREFIX = "{\"type\":\"op\",\"version\":";
    /** Protocol 3's batch: each op in it starts with {@link #OP_RECORD} (the load's deltas hold no such text). */
    private static final String OPS_PREFIX = "{\"type\":\"ops\",\"ops\":[";
    private static final String OP_RECORD = "{\"version\":";
    private static final String ACK_PREFIX = "{\"type\":\"ack\",\"seq\":";

    /** Ops for a closed-loop writer replaying a trace: delta JSON and its length change. */
    record Script(String[] deltas, int[] lengthChanges) {
    }

    private final LoadRun run;
    final String documentId;
    /** Ours, for messages ("w3", "o7"); the client id is the server's to give. */
    final String label;
    final int writerIndex;
    /** How many other clients of the document receive each of this writer's ops. */
    volatile int receiversPerOp;
    final CompletableFuture<LoadClient> welcomed = new CompletableFuture<>();

    private volatile WebSocket ws;
    /** The lean transport ({@link LoadNio}), when this client uses it instead of the JDK's WebSocket. */
    private volatile LoadNio.Connection lean;
    private LoadNio nio;
    private volatile long connectedAt;
    private HttpClient http;
    private URI base;
    private int attempts;
    private StringBuilder partial;

    // --- writer state, guarded by this ---
    private final boolean closedLoop;
    /** Open loop: buffered keystrokes go out as an {@code ops} batch of one op each, not composed into one op. */
    private final boolean batching;
    /** When each op's keystroke was typed (batching: it may wait in the buffer before it is sent). */
    private final AtomicLongArray typedAt;
    private final Script script;
    private final SplittableRandom random;
    private final AtomicLongArray sentAt;
    private final AtomicIntegerArray lengthChange;
    private final AtomicIntegerArray received;
    private long version;
    /** Last version this client saw (welcome, broadcast or own ack); each next one must be exactly one more. */
    private long lastVersion = -1;
    private long length;
    private int seq;
    /** The seqs in flight: {@code inFlightFirst..inFlight} (one op, or a batch); 0 when none. */
    private int inFlight;
    private int inFlightFirst;
    private int buffered;
    private long bufferedSince;
    private CompletableFuture<WebSocket> sending;

    private LoadClient(LoadRun run, String documentId, String label, int writerIndex, boolean closedLoop,
                       boolean batching, Script script, int capacity, long seed) {
        this.run = run;
        this.documentId = documentId;
        this.label = label;
        this.writerIndex = writerIndex;
        this.closedLoop = closedLoop;
        this.batching = batching;
        this.typedAt = batching ? new AtomicLongArray(capacity + 1) : null;
        this.script = script;
        this.random = writerIndex >= 0 ? new SplittableRandom(seed) : null;
        this.sentAt = writerIndex >= 0 ? new AtomicLongArray(capacity + 1) : null;
        this.lengthChange = writerIndex >= 0 ? new AtomicIntegerArray(capacity + 1) : null;
        this.received = writerIndex >= 0 ? new AtomicIntegerArray(capacity + 1) : null;
    }

    static LoadClient observer(LoadRun run, String documentId, int index) {
        return new LoadClient(run, documentId, "o" + index, -1, false, false, null, 0, 0);
    }

    /**
     * @param batching open loop only: send buffered keystrokes as an {@code ops} batch instead of one composed op
     * @param script   null for random one-character inserts
     */
    static LoadClient writer(LoadRun run, String documentId, int writerIndex, boolean closedLoop, boolean batching,
                             Script script, int capacity, long seed) {
        return new LoadClient(run, documentId, "w" + writerIndex, writerIndex, closedLoop, batching, script, capacity,
                seed);
    }

    LoadRun run() {
        return run;
    }

    boolean isWriter() {
        return writerIndex >= 0;
    }

    /**
     * Connects and joins; completes when the welcome arrived. A connection the server closes before its welcome
     * is retried (up to 3 attempts, counted in {@link LoadRun#joinRetries}): see docs/benchmarks.md on the Tyrus
     * idle-timeout race that closes a few fresh sessions at once under a connection storm.
     */
    CompletableFuture<LoadClient> connect(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
        attempt();
        return welcomed;
    }

    /** As {@link #connect(HttpClient, URI)}, on the lean NIO transport. */
    CompletableFuture<LoadClient> connect(LoadNio nio, URI base) {
        this.nio = nio;
        this.base = base;
        attempt();
        return welcomed;
    }

    private void attempt() {
        attempts++;
        connectedAt = System.nanoTime();
        synchronized (this) {
            sending = null;
            partial = null;
        }
        URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws/documents/" + documentId);
        if (nio != null) {
            nio.connect(uri, new LoadNio.Handler() {
                @Override
                public void opened(LoadNio.Connection connection) {
                    lean = connection;
                    sayHello();
                }

                @Override
                public void text(String text, long receivedNanos) {
                    receive(text, receivedNanos);
                }

                @Override
                public void ping() {
                    run.pings.incrementAndGet();
                }

                @Override
                public void closed(int code, String reason) {
                    onClose(null, code, reason);
                }

                @Override
                public void failed(Throwable error) {
                    onError(null, error);
                }
            });
            return;
        }
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, this)
                .whenComplete((socket, error) -> {
                    if (error != null) {
                        welcomed.completeExceptionally(error);
                    }
                });
    }

    // --- WebSocket.Listener ---

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket;
        webSocket.request(Long.MAX_VALUE);
        sayHello();
    }

    private void sayHello() {
        send("{\"type\":\"hello\",\"protocol\":" + run.protocol + ",\"name\":\"load " + label + "\"}");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!last) {
            if (partial == null) {
                partial = new StringBuilder();
            }
            partial.append(data);
            return null;
        }
        String text;
        if (partial != null) {
            text = partial.append(data).toString();
            partial = null;
        } else {
            text = data.toString();
        }
        receive(text, System.nanoTime());
        return null;
    }

    /** A whole message, received at {@code now} (nanoTime, taken as soon as the message was in user space). */
    private void receive(String text, long now) {
        try {
            if (text.startsWith(OP_PREFIX)) {
                onRemoteOp(text, OP_PREFIX.length(), now);
            } else if (text.startsWith(OPS_PREFIX)) {
                run.opsMessages.incrementAndGet();
                for (int at = text.indexOf(OP_RECORD, OPS_PREFIX.length()); at >= 0;
                     at = text.indexOf(OP_RECORD, at + OP_RECORD.length())) {
                    run.opsInOpsMessages.incrementAndGet();
                    onRemoteOp(text, at + OP_RECORD.length(), now);
                }
            } else if (text.startsWith(ACK_PREFIX)) {
                onAck(text, now);
            } else {
                onOther(text);
            }
        } catch (RuntimeException e) {
            run.problem(label + ": cannot handle " + abbreviate(text) + ": " + e);
        }
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        run.pings.incrementAndGet(); // the JDK answers with a pong by itself
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!welcomed.isDone()) {
            String what = String.format(java.util.Locale.ROOT, "%s closed %d \"%s\" %.3f s after connecting, before its welcome",
                    label, statusCode, reason, (System.nanoTime() - connectedAt) / 1e9);
            if (attempts < 3) {
                run.joinRetry(what);
                CompletableFuture.delayedExecutor(100, java.util.concurrent.TimeUnit.MILLISECONDS).execute(this::attempt);
            } else {
                welcomed.completeExceptionally(new IllegalStateException(what));
            }
            return null;
        }
        run.closed(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!welcomed.completeExceptionally(error)) {
            run.problem(label + ": " + error);
        }
    }

    // --- incoming ---

    /** One committed op of another client, its version at {@code at} in {@code text}. */
    private void onRemoteOp(String text, int at, long now) {
        int comma = text.indexOf(',', at);
        long opVersion = Long.parseLong(text, at, comma, 10);
        int idStart = text.indexOf("\"clientId\":\"", comma) + 12;
        int idEnd = text.indexOf('"', idStart);
        int seqStart = text.indexOf("\"seq\":", idEnd) + 6;
        int seqEnd = text.indexOf(',', seqStart);
        int opSeq = Integer.parseInt(text, seqStart, seqEnd, 10);
        seen(opVersion);
        LoadClient author = run.writersById.get(text.substring(idStart, idEnd));
        if (author == null) {
            run.problem(label + ": op from unknown author " + abbreviate(text));
            return;
        }
        long sent = author.sentAt.get(opSeq);
        if (sent != 0 && run.measured(sent)) {
            run.delivery.recordNanos(now - sent);
            run.deliveries.incrementAndGet();
            if (author.received.incrementAndGet(opSeq) == author.receiversPerOp) {
                run.allDelivered.recordNanos(now - sent);
            }
        }
        if (isWriter()) {
            synchronized (this) {
                version = opVersion;
                length += author.lengthChange.get(opSeq);
            }
        }
    }

    private void onAck(String text, long now) {
        int at = ACK_PREFIX.length();
        int comma = text.indexOf(',', at);
        int ackSeq = Integer.parseInt(text, at, comma, 10);
        int versionStart = text.indexOf("\"version\":", comma) + 10;
        int versionEnd = text.indexOf('}', versionStart);
        long ackVersion = Long.parseLong(text, versionStart, versionEnd, 10);
        synchronized (this) {
            if (ackSeq != inFlight) {
                run.problem(label + ": ack for seq " + ackSeq + " while " + inFlight + " is in flight");
            }
            // A batch's ops took consecutive versions ending at the ack's: the first must follow what was seen.
            seen(ackVersion - (ackSeq - inFlightFirst));
            lastVersion = ackVersion;
            // One ack answers the whole batch in flight: every op in it is acknowledged.
            for (int s = inFlightFirst; s <= ackSeq; s++) {
                long sent = sentAt.get(s);
                if (run.measured(sent)) {
                    run.ack.recordNanos(now - sent);
                    run.acks.incrementAndGet();
                    if (batching) {
                        run.keystrokeToAck.recordNanos(now - typedAt.get(s));
                    }
                }
                length += lengthChange.get(s);
            }
            version = ackVersion;
            inFlight = 0;
            inFlightFirst = 0;
            if (!run.generating) {
                return;
            }
            if (closedLoop) {
                sendNext(now);
            } else if (buffered > 0 && batching) {
                sendBatch(buffered, now, bufferedSince); // leaves what did not fit in one message buffered
            } else if (buffered > 0) {
                sendInsert(buffered, now, bufferedSince);
                buffered = 0;
                bufferedSince = 0;
            }
        }
    }

    /** Counts versions this client never received: a broadcast the server skipped for it (its replica diverges). */
    private void seen(long v) {
        if (lastVersion >= 0 && v != lastVersion + 1) {
            run.versionGap(label + " expected version " + (lastVersion + 1) + " but got " + v, Math.max(0, v - lastVersion - 1));
        }
        lastVersion = Math.max(lastVersion, v);
    }

    private void onOther(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (java.io.IOException e) {
            run.problem(label + ": not JSON: " + abbreviate(text));
            return;
        }
        String type = message.path("type").asText();
        switch (type) {
            case "welcome" -> {
                synchronized (this) {
                    version = message.path("version").asLong();
                    lastVersion = version;
                    if (isWriter()) {
                        // Before this writer's first op goes out, so whoever receives it can tell whose it is.
                        run.writersById.put(message.path("clientId").asText(), this);
                    }
                    length = 0;
                    for (JsonNode op : message.path("content").path("ops")) {
                        JsonNode insert = op.get("insert");
                        length += insert == null ? 0 : insert.isTextual() ? insert.textValue().length() : 1;
                    }
                }
                welcomed.complete(this);
            }
            case "error" -> run.problem(label + ": " + abbreviate(text));
            default -> run.otherMessages.incrementAndGet(); // presence, leave, pong
        }
    }

    // --- typing ---

    /** Closed loop: send the first op; the rest follow from acks. */
    void startClosedLoop() {
        synchronized (this) {
            sendNext(System.nanoTime());
        }
    }

    /** Open loop: one keystroke from the timer. */
    void keystroke() {
        long now = System.nanoTime();
        synchronized (this) {
            if (!run.generating) {
                return;
            }
            if (run.measured(now)) {
                run.keystrokes.incrementAndGet();
            }
            if (inFlight != 0) {
                if (buffered++ == 0) {
                    bufferedSince = now;
                }
                if (batching && seq + buffered < typedAt.length()) {
                    typedAt.set(seq + buffered, now); // buffered keystrokes get the next seqs, in order
                }
                return;
            }
            if (batching && seq + 1 < typedAt.length()) {
                typedAt.set(seq + 1, now);
            }
            sendInsert(1, now, 0);
        }
    }

    private void sendNext(long now) {
        if (script != null) {
            if (seq >= script.deltas().length || seq + 1 >= sentAt.length()) {
                return; // trace finished
            }
            if (run.measured(now)) {
                run.keystrokes.incrementAndGet();
            }
            sendOp(script.deltas()[seq], script.lengthChanges()[seq], now);
        } else {
            if (run.measured(now)) {
                run.keystrokes.incrementAndGet();
            }
            sendInsert(1, now, 0);
        }
    }

    private void sendInsert(int chars, long now, long firstKeystroke) {
        StringBuilder delta = new StringBuilder(48 + chars).append("{\"ops\":[");
        long position = random.nextLong(Math.max(1, length)); // before the final newline
        if (position > 0) {
            delta.append("{\"retain\":").append(position).append("},");
        }
        delta.append("{\"insert\":\"");
        for (int i = 0; i < chars; i++) {
            delta.append((char) ('a' + random.nextInt(26)));
        }
        delta.append("\"}]}");
        if (firstKeystroke != 0 && run.measured(firstKeystroke)) {
            run.bufferWait.recordNanos(now - firstKeystroke);
        }
        sendOp(delta.toString(), chars, now);
    }

    /**
     * Batching: {@code count} keystrokes as one {@code ops} message, one op per character, typed one after the other
     * from a random position. Caller holds the lock and has checked that nothing is in flight.
     */
    private void sendBatch(int count, long now, long firstKeystroke) {
        int room = sentAt.length() - 1 - seq;
        int n = Math.min(count, Math.min(room, 256)); // the server takes at most 256 ops per message
        if (n <= 0) {
            run.problem(label + ": op capacity " + (sentAt.length() - 1) + " reached; stopped typing");
            return;
        }
        if (run.measured(firstKeystroke)) {
            run.bufferWait.recordNanos(now - firstKeystroke);
        }
        long position = random.nextLong(Math.max(1, length)); // before the final newline
        StringBuilder message = new StringBuilder(64 + 64 * n).append("{\"type\":\"ops\",\"baseVersion\":")
                .append(version).append(",\"ops\":[");
        long sentNanos = System.nanoTime();
        inFlightFirst = seq + 1;
        for (int i = 0; i < n; i++) {
            int next = ++seq;
            lengthChange.set(next, 1);
            sentAt.set(next, sentNanos);
            message.append(i > 0 ? "," : "").append("{\"seq\":").append(next).append(",\"delta\":{\"ops\":[");
            if (position + i > 0) {
                message.append("{\"retain\":").append(position + i).append("},");
            }
            message.append("{\"insert\":\"").append((char) ('a' + random.nextInt(26))).append("\"}]}}");
        }
        inFlight = seq;
        if (run.measured(sentNanos)) {
            run.opsSent.addAndGet(n);
        }
        // Keystrokes beyond one message's limit stay buffered for the next one.
        buffered = count - n;
        bufferedSince = buffered > 0 ? now : 0;
        send(message.append("]}").toString());
    }

    /** Caller holds the lock and has checked that nothing is in flight. */
    private void sendOp(String deltaJson, int lengthDelta, long now) {
        if (seq + 1 >= sentAt.length()) {
            run.problem(label + ": op capacity " + (sentAt.length() - 1) + " reached; stopped typing");
            return;
        }
        int next = ++seq;
        lengthChange.set(next, lengthDelta);
        inFlight = next;
        inFlightFirst = next;
        long sentNanos = System.nanoTime();
        sentAt.set(next, sentNanos);
        if (run.measured(sentNanos)) {
            run.opsSent.incrementAndGet();
        }
        send("{\"type\":\"op\",\"seq\":" + next + ",\"baseVersion\":" + version + ",\"delta\":" + deltaJson + "}");
    }

    synchronized boolean idle() {
        return inFlight == 0;
    }

    /** Ops of this writer sent in the measured window whose broadcast did not reach every other client. */
    long undelivered() {
        long missing = 0;
        for (int s = 1; s <= seq; s++) {
            long sent = sentAt.get(s);
            if (run.measured(sent)) {
                missing += Math.max(0, receiversPerOp - received.get(s));
            }
        }
        return missing;
    }

    // --- sending: the JDK allows one outstanding send per WebSocket, so sends are chained ---

    private synchronized void send(String text) {
        LoadNio.Connection connection = lean;
        if (connection != null) {
            connection.sendText(text);
            return;
        }
        WebSocket socket = ws;
        CompletableFuture<WebSocket> previous = sending;
        if (previous == null || previous.isDone()) {
            sending = socket.sendText(text, true);
        } else {
            sending = previous.thenCompose(w -> w.sendText(text, true));
        }
        sending.exceptionally(e -> {
            run.problem(label + ": send failed: " + e);
            return null;
        });
    }

    void close() {
        LoadNio.Connection connection = lean;
        if (connection != null) {
            connection.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            return;
        }
        WebSocket socket = ws;
        if (socket != null && !socket.isOutputClosed()) {
            synchronized (this) {
                CompletableFuture<WebSocket> previous = sending == null ? CompletableFuture.completedFuture(socket) : sending;
                sending = previous.handle((w, e) -> null)
                        .thenCompose(x -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
            }
        }
    }

    void abort() {
        LoadNio.Connection connection = lean;
        if (connection != null) {
            connection.abort();
            return;
        }
        WebSocket socket = ws;
        if (socket != null) {
            socket.abort();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
