package dev.quire.ws;

import dev.quire.collab.Edit;
import dev.quire.collab.ErrorCode;
import dev.quire.ot.DeltaSize;
import dev.quire.protocol.ProtocolCodec;
import dev.quire.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The order of one connection's messages, and protocol 3's batching of the committed ops of others into
 * {@code ops} messages: what one recipient costs is mostly a socket write, so ops committed close together are
 * better carried by one frame in one write than by one each (docs/benchmarks.md, "Ops in one frame").
 *
 * <p>An op that finds the connection quiet (nothing released to it for {@link #HOLD_NANOS}) goes at once; the ops
 * first seen within {@link #BURST_NANOS} after it (the rest of its commit, told in the same breath) follow together
 * when that burst ends. One that comes later waits until the hold since the last release ends, with those after
 * it. Held ops go as one {@code ops} message (one op alone as an {@code op}; {@link OpReleases} releases them). So
 * ops are held only when they come dense, no op waits longer than the hold (plus the timer's lateness), and a
 * lone op pays neither a wait nor a timer hand-off (docs/benchmarks.md, "Delivery cost against the machine's
 * floor"). Every other message of the connection (an ack above all, but also
 * presence, saves, errors, the hub's close) first releases what is held, so each message still arrives in the
 * order the hub told it: a batch is consecutive committed ops of others in version order, and an ack of the
 * recipient's own op is never inside one. A batch is released early, too, when it reaches
 * {@link ProtocolCodec#MAX_OPS_PER_MESSAGE} ops or {@link ConnectionSender#MAX_BATCH_BYTES} (estimated).
 *
 * <p>A protocol 2 client gets each op as its own {@code op} message, at once, as before. Thread-safe: the hub's
 * sequence, Tyrus's threads and the timer call it; each call holds this object's lock while it queues on the
 * {@link ConnectionSender}, so what one caller queues is never overtaken by another's.
 */
final class HeldOps {
    /** The longest an op is held for a batch. */
    static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /**
     * How long after an op that found the connection quiet the ops first seen are taken as the rest of its commit
     * (one append, one group commit, told in the same breath) and released together when it ends.
     */
    static final long BURST_NANOS = TimeUnit.MICROSECONDS.toNanos(250);

    private final ConnectionSender sender;
    private final EncodedOps encodedOps;
    private final OpReleases releases;

    /** Whether the client speaks protocol 3 (set by its hello, before the hub tells it anything); guarded by this. */
    private boolean batching;
    /** The ops held, oldest first; null when none. Guarded by this. */
    private List<Edit> held;
    private long heldBytes;
    /** When ({@link OpReleases#now()}) the connection is quiet again: the hold since the last release has ended. */
    private long quietFrom;
    /** Until when ops first seen belong to the burst of the op that last found the connection quiet. */
    private long burstUntil;

    HeldOps(ConnectionSender sender, EncodedOps encodedOps, OpReleases releases) {
        this.sender = sender;
        this.encodedOps = encodedOps;
        this.releases = releases;
        this.quietFrom = releases.now();
        this.burstUntil = quietFrom;
    }

    /** The client's hello named {@code protocol}: from 3 on, ops may be batched. */
    synchronized void speak(int protocol) {
        batching = protocol > ProtocolCodec.ONE_OP_PER_MESSAGE;
    }

    /** Someone else's committed op, the next in version order for this connection. */
    synchronized void remoteOp(Edit edit) {
        if (!batching) {
            sender.sendFramed(encodedOps.remoteOp(edit));
            return;
        }
        long seen = releases.seen(edit);
        if (held == null) {
            if (seen - quietFrom >= 0) {
                // Quiet: at once, and the hold runs from here.
                burstUntil = seen + BURST_NANOS;
                quietFrom = seen + HOLD_NANOS;
                sender.sendFramed(encodedOps.remoteOp(edit));
                return;
            }
            held = new ArrayList<>(4);
            heldBytes = 0;
            // The rest of the quiet op's commit goes together a moment later; anything after it waits out the hold.
            releases.releaseBy(this, seen - burstUntil < 0 ? burstUntil : quietFrom);
        }
        held.add(edit);
        heldBytes += DeltaSize.of(edit.delta());
        if (held.size() >= ProtocolCodec.MAX_OPS_PER_MESSAGE || heldBytes >= ConnectionSender.MAX_BATCH_BYTES) {
            releaseHeld(seen);
        }
    }

    /** Any other message: behind what is held. */
    synchronized void send(ServerMessage message) {
        releaseHeld(releases.now());
        sender.send(message);
    }

    /** The hub's close: behind what is held. */
    synchronized void close(ErrorCode code, String reason) {
        releaseHeld(releases.now());
        sender.close(code, reason);
    }

    /** The hold is over ({@link OpReleases}'s sweep at {@code at}): what is held goes now. */
    synchronized void release(long at) {
        releaseHeld(at);
    }

    private void releaseHeld(long at) {
        if (held == null) {
            return;
        }
        List<Edit> batch = held;
        held = null;
        sender.sendFramed(batch.size() == 1 ? encodedOps.remoteOp(batch.get(0)) : encodedOps.remoteOps(batch));
        quietFrom = at + HOLD_NANOS;
    }
}
