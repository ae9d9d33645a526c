package dev.quire.ws;

import dev.quire.protocol.ProtocolCodec;
import dev.quire.protocol.ServerMessage;
import dev.quire.collab.Edit;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Encodes a broadcast once for all its recipients: the hub hands the same {@link Edit} to every connection of a
 * document in a row, so remembering the last one turns N encodings into one (the load profile showed 7% of a
 * 1,000-client broadcast spent re-encoding); the WebSocket frame is built once too ({@link RawFrames}). The same
 * holds for protocol 3's {@code ops} message ({@link HeldOps}): the connections of a document release the same ops
 * at the same instant, so a batch is encoded once per distinct run of ops. Thread-safe; documents broadcasting at
 * the same time only cost each other a re-encode.
 */
final class EncodedOps {
    /** A message's text, and its frame (the same for every recipient: hand each a duplicate). */
    record Encoded(String text, ByteBuffer frame) {
        static Encoded of(String text) {
            return new Encoded(text, RawFrames.textFrame(text));
        }
    }

    /** An encoded single op, or a batch ({@code key} a list of the batch's edits), and what it encodes. */
    private record Entry(Object key, Encoded encoded) {
    }

    /**
     * Batches remembered: the observers of a document share one run of ops, while each author whose ack broke its
     * run has its own; a few entries keep the observers' batch from being re-encoded after each author's.
     */
    private static final int BATCHES_KEPT = 4;

    private final ProtocolCodec codec;
    private final AtomicReference<Entry> last = new AtomicReference<>();
    /** Newest first; guarded by itself. */
    private final List<Entry> batches = new ArrayList<>(BATCHES_KEPT);

    EncodedOps(ProtocolCodec codec) {
        this.codec = codec;
    }

    /** An {@code op} message. */
    Encoded remoteOp(Edit edit) {
        Entry entry = last.get();
        if (entry != null && entry.key() == edit) {
            return entry.encoded();
        }
        Encoded encoded = Encoded.of(codec.encode(new ServerMessage.RemoteOp(Messages.opRecord(edit))));
        last.set(new Entry(edit, encoded));
        return encoded;
    }

    /** An {@code ops} message of {@code edits} (consecutive committed ops, in version order): protocol 3 only. */
    Encoded remoteOps(List<Edit> edits) {
        synchronized (batches) {
            for (Entry entry : batches) {
                if (sameEdits((List<?>) entry.key(), edits)) {
                    return entry.encoded();
                }
            }
        }
        List<Edit> key = List.copyOf(edits);
        Encoded encoded = Encoded.of(codec.encode(
                new ServerMessage.RemoteOps(key.stream().map(Messages::opRecord).toList())));
        synchronized (batches) {
            if (batches.size() == BATCHES_KEPT) {
                batches.remove(BATCHES_KEPT - 1);
            }
            batches.add(0, new Entry(key, encoded));
        }
        return encoded;
    }

    /** The same instances in the same order: the hub hands one {@link Edit} to all its recipients. */
    private static boolean sameEdits(List<?> a, List<Edit> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
