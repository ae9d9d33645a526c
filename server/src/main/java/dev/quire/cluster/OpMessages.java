package dev.quire.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.ot.Delta;
import dev.quire.json.QuireJson;
import dev.quire.store.CommittedOp;
import java.time.Instant;
import java.util.List;

/**
 * The JSON form of a batch of committed ops between nodes; deltas in quill-delta's form:
 *
 * <pre>{"node":"n1","document":"d","ops":[{"version":8,"clientId":"c","seq":3,"delta":{"ops":[…]},
 *   "author":"Ada","committedAt":"2026-12-06T10:00:00Z"}]}</pre>
 */
final class OpMessages {
    private static final ObjectMapper JSON = QuireJson.newMapper();

    /** A batch as read: who sent it, for which document, which ops. */
    record Batch(String node, String document, List<CommittedOp> ops) {
    }

    private record Message(String node, String document, List<WireOp> ops) {
    }

    private record WireOp(long version, String clientId, long seq, Delta delta, String author, String committedAt) {
        static WireOp of(CommittedOp op) {
            return new WireOp(op.version(), op.clientId(), op.seq(), op.delta(), op.author(),
                    op.committedAt().toString());
        }

        CommittedOp op() {
            return new CommittedOp(version, clientId, seq, delta, author, Instant.parse(committedAt));
        }
    }

    private OpMessages() {
    }

    static String encode(String node, String document, List<CommittedOp> ops) {
        try {
            return JSON.writeValueAsString(new Message(node, document, ops.stream().map(WireOp::of).toList()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a batch of ops could not be written as JSON", e);
        }
    }

    /** @throws IllegalArgumentException when {@code json} is not a batch of committed ops */
    static Batch decode(String json) {
        try {
            Message message = JSON.readValue(json, Message.class);
            if (message.node() == null || message.document() == null || message.ops() == null
                    || message.ops().isEmpty()) {
                throw new IllegalArgumentException("a batch needs node, document and ops");
            }
            return new Batch(message.node(), message.document(),
                    message.ops().stream().map(WireOp::op).toList());
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("unreadable batch of ops: " + e.getMessage(), e);
        }
    }
}
