package dev.quire.testkit;

import dev.quire.ot.Delta;
import java.util.function.Consumer;

/**
 * The client half of Quire's OT, as a browser runs it (the ot.js state machine): at most one op
 * in flight, later local edits composed into a buffer, remote ops transformed against both.
 * The server's committed op has priority on ties, so the client transforms its own ops with
 * the remote op first and the remote op with {@code priority = false}.
 *
 * <p>Pure: sending goes through {@code send}; not thread-safe (the caller serialises calls).
 */
public final class OtClient {
    /** An op to send: {@code {"type":"op","seq","baseVersion","delta"}}. */
    public record Outgoing(long seq, long baseVersion, Delta delta) {
    }

    /** Null until the server names it (in the first welcome). */
    private String clientId;
    private final Consumer<Outgoing> send;
    private Delta content;
    private long version;
    private Delta inflight;
    private long inflightSeq;
    private Delta buffer;
    private long lastSeq;

    public OtClient(Consumer<Outgoing> send) {
        this.send = send;
    }

    /** The identity the server gave this client: its ops seen in a resume or broadcast are acks. */
    public void identify(String clientId) {
        this.clientId = clientId;
    }

    /** Welcome with content: start over from the server's document (only valid with nothing pending). */
    public void reset(long version, Delta content) {
        if (inflight != null || buffer != null) {
            throw new IllegalStateException("cannot reset with pending edits");
        }
        this.version = version;
        this.content = content;
    }

    public void applyLocal(Delta change) {
        content = change.applyTo(content);
        if (inflight == null) {
            inflight = change;
            inflightSeq = ++lastSeq;
            send.accept(new Outgoing(inflightSeq, version, inflight));
        } else {
            buffer = buffer == null ? change : buffer.compose(change);
        }
    }

    public void onAck(long seq, long newVersion) {
        if (inflight == null || seq != inflightSeq) {
            return; // a duplicate ack for an op already confirmed (e.g. seen in a resume)
        }
        version = newVersion;
        inflight = null;
        flushBuffer();
    }

    /** A committed op from the server (broadcast, or part of a resume welcome). */
    public void onServerOp(long opVersion, String opClientId, long opSeq, Delta op) {
        if (opClientId.equals(clientId) && inflight != null && opSeq == inflightSeq) {
            onAck(opSeq, opVersion);
            return;
        }
        Delta remote = op;
        if (inflight != null) {
            Delta transformedInflight = remote.transform(inflight, true);
            remote = inflight.transform(remote, false);
            inflight = transformedInflight;
        }
        if (buffer != null) {
            Delta transformedBuffer = remote.transform(buffer, true);
            remote = buffer.transform(remote, false);
            buffer = transformedBuffer;
        }
        content = remote.applyTo(content);
        version = opVersion;
    }

    /** After a reconnect's welcome was processed: send the in-flight op again (same seq), rebased. */
    public void resend() {
        if (inflight != null) {
            send.accept(new Outgoing(inflightSeq, version, inflight));
        } else {
            flushBuffer();
        }
    }

    private void flushBuffer() {
        if (buffer != null) {
            inflight = buffer;
            buffer = null;
            inflightSeq = ++lastSeq;
            send.accept(new Outgoing(inflightSeq, version, inflight));
        }
    }

    public Delta content() {
        return content;
    }

    public long version() {
        return version;
    }

    public boolean hasPending() {
        return inflight != null || buffer != null;
    }

    public String clientId() {
        return clientId;
    }
}
