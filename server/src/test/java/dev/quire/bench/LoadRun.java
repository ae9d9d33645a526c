package dev.quire.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one scenario measures, shared by all its clients. Only ops <em>sent</em> inside the measured window
 * [{@link #measureStart}, {@link #measureEnd}) are counted, so the warm-up (JIT, join storm) and the drain after
 * the window do not blur the figures. Times are {@link System#nanoTime()} of this (the generator's) process:
 * "sent" is just before {@code WebSocket.sendText}, "received" is when the listener gets the whole message.
 */
final class LoadRun {
    /** The protocol version the clients' hello names. */
    final int protocol;
    /** Author sends op → its ack arrives back at the author. */
    final LoadHistogram ack = new LoadHistogram();
    /** Author sends op → one other client receives the broadcast (one sample per op and receiver). */
    final LoadHistogram delivery = new LoadHistogram();
    /** Author sends op → the last of the other clients of the document receives it (one sample per op). */
    final LoadHistogram allDelivered = new LoadHistogram();
    /** Open loop only: a keystroke made while an op was in flight → the composed op carrying it is sent. */
    final LoadHistogram bufferWait = new LoadHistogram();
    /** Batching writers: from each keystroke being typed to the ack of the op carrying it (buffer wait included). */
    final LoadHistogram keystrokeToAck = new LoadHistogram();

    final AtomicLong opsSent = new AtomicLong();
    final AtomicLong acks = new AtomicLong();
    final AtomicLong keystrokes = new AtomicLong();
    final AtomicLong deliveries = new AtomicLong();
    final AtomicLong otherMessages = new AtomicLong();
    /** Protocol 3: {@code ops} messages received, and the ops they carried (whenever sent). */
    final AtomicLong opsMessages = new AtomicLong();
    final AtomicLong opsInOpsMessages = new AtomicLong();
    final AtomicLong pings = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final Map<Integer, AtomicLong> closeCodes = new ConcurrentHashMap<>();
    private final List<String> firstProblems = new ArrayList<>();

    /** Writers by the client id the server gave them, for matching a broadcast's (clientId, seq) with its send time. */
    final Map<String, LoadClient> writersById = new ConcurrentHashMap<>();
    volatile long measureStart = Long.MAX_VALUE;
    volatile long measureEnd = Long.MAX_VALUE;
    /** Cleared to stop the writers; closed-loop writers stop after their in-flight op. */
    volatile boolean generating = true;

    LoadRun(int protocol) {
        this.protocol = protocol;
    }

    boolean measured(long sentNanos) {
        return sentNanos >= measureStart && sentNanos < measureEnd;
    }

    void problem(String what) {
        errors.incrementAndGet();
        synchronized (firstProblems) {
            if (firstProblems.size() < 10) {
                firstProblems.add(what);
            }
        }
    }

    /** Versions that clients never received (a broadcast skipped for them), and where it first happened. */
    final AtomicLong versionGaps = new AtomicLong();
    private volatile String firstGap;

    void versionGap(String what, long missing) {
        if (versionGaps.getAndAdd(missing) == 0) {
            firstGap = what;
        }
    }

    String versionGaps() {
        return versionGaps.get() == 0 ? "0" : versionGaps.get() + " (first: " + firstGap + ")";
    }

    /** Connections the server closed before their welcome, and that were opened again. */
    final AtomicLong joinRetries = new AtomicLong();
    private volatile String firstJoinRetry;

    void joinRetry(String what) {
        if (joinRetries.getAndIncrement() == 0) {
            firstJoinRetry = what;
        }
    }

    String joinRetries() {
        return joinRetries.get() == 0 ? "none" : joinRetries.get() + " (first: " + firstJoinRetry + ")";
    }

    void closed(int code, String reason) {
        closeCodes.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
        if (code != 1000 && code != 1001) {
            problem("closed " + code + " " + reason);
        }
    }

    List<String> problems() {
        synchronized (firstProblems) {
            return List.copyOf(firstProblems);
        }
    }

    Map<Integer, Long> closes() {
        Map<Integer, Long> result = new TreeMap<>();
        closeCodes.forEach((code, n) -> result.put(code, n.get()));
        return result;
    }
}
