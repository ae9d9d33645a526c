package dev.quire.protocol;

import dev.quire.ot.Delta;
import java.util.List;

/** A message from a client, decoded by {@link ProtocolCodec#decode}. */
public sealed interface ClientMessage {

    /** The message's {@code type} on the wire; errors name it in their {@code re} field. */
    default String type() {
        if (this instanceof Hello) {
            return "hello";
        } else if (this instanceof SubmitOp) {
            return "op";
        } else if (this instanceof SubmitOps) {
            return "ops";
        } else if (this instanceof PresenceUpdate) {
            return "presence";
        } else if (this instanceof Save) {
            return "save";
        }
        return "ping";
    }

    /**
     * First message on a connection.
     *
     * @param clientSecret the secret of the identity the client resumes (from its first welcome), or null for a new
     *                     identity
     * @param version      the version the client already has when it resumes after a reconnect, or null
     * @param inFlightSeq  the highest seq of the message the client has sent and not seen acknowledged, or null when it
     *                     has none: a node that finds it not in the log fences it off and welcomes the client with
     *                     the content, into which the client merges it (docs/protocol.md)
     */
    record Hello(int protocol, String clientSecret, String name, String color, Long version, Long inFlightSeq)
            implements ClientMessage {
    }

    /** The client's op number {@code seq} (strictly increasing per client), made against {@code baseVersion}. */
    record SubmitOp(long seq, long baseVersion, Delta delta) implements ClientMessage {
    }

    /**
     * Several of the client's ops in one message, each made on top of the one before it; the first is made
     * against {@code baseVersion}. Their seqs increase strictly.
     */
    record SubmitOps(long baseVersion, List<BatchedOp> ops) implements ClientMessage {
        public SubmitOps {
            ops = List.copyOf(ops);
        }

        /** The first op's seq: the one a refusal of the whole message names. */
        public long firstSeq() {
            return ops.get(0).seq();
        }
    }

    /** One op of a {@link SubmitOps}. */
    record BatchedOp(long seq, Delta delta) {
    }

    /** The client's selection, or null when its editor has no focus. */
    record PresenceUpdate(Range selection) implements ClientMessage {
    }

    /** Asks for a saved version of the document as it is now; answered, to everyone, by {@link ServerMessage.Saved}. */
    record Save(String label) implements ClientMessage {
    }

    /** Protocol-level heartbeat; answered with {@link ServerMessage.Pong}. */
    record Ping() implements ClientMessage {
    }
}
