package dev.quire.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.json.QuireJson;
import dev.quire.ot.Delta;
import dev.quire.protocol.MalformedMessageException.Reason;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON text frames ↔ protocol messages. Decoding is strict about what it needs (each failure
 * names the field and what was wrong) and ignores unknown fields, so newer clients can add some.
 * Thread-safe.
 */
public final class ProtocolCodec {
    /**
     * The newest protocol version this server speaks. Version 1 let a client choose its id, which anyone could then
     * claim; its hellos are refused, since its clients would not know the id the server gives them. Version 3 adds
     * the server's {@code ops} message (several committed ops in one); a version 2 client never receives it.
     */
    public static final int PROTOCOL_VERSION = 3;
    /** The version whose clients receive each committed op of others as its own {@code op} message. */
    public static final int ONE_OP_PER_MESSAGE = 2;
    /** All versions a hello may name. */
    public static final List<Integer> SUPPORTED_VERSIONS = List.of(ONE_OP_PER_MESSAGE, PROTOCOL_VERSION);

    private static final int MAX_ID_LENGTH = 128;
    private static final int MAX_NAME_LENGTH = 100;
    /** Ops one {@code ops} message may carry: enough to batch a fast typist's milliseconds, not a flood. */
    public static final int MAX_OPS_PER_MESSAGE = 256;
    /** The same limit as a saved version's label over REST. */
    public static final int MAX_LABEL_LENGTH = 200;

    private final ObjectMapper mapper;

    /** @param mapper a mapper with the delta JSON module registered */
    public ProtocolCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ClientMessage decode(String text) throws MalformedMessageException {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JacksonException e) {
            throw new MalformedMessageException(Reason.INVALID_JSON, "the frame is not valid JSON: " + QuireJson.describe(e));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedMessageException(Reason.INVALID_JSON, "a message must be a JSON object");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw invalid("\"type\" must be a string");
        }
        try {
            return decode(type.textValue(), root);
        } catch (MalformedMessageException e) {
            boolean known = e.reason() != MalformedMessageException.Reason.UNKNOWN_TYPE;
            throw known ? e.about(type.textValue()) : e;
        }
    }

    private ClientMessage decode(String type, JsonNode root) throws MalformedMessageException {
        return switch (type) {
            case "hello" -> new ClientMessage.Hello(
                    (int) integer(root, "protocol", 0, Integer.MAX_VALUE),
                    string(root, "clientSecret", MAX_ID_LENGTH, false),
                    string(root, "name", MAX_NAME_LENGTH, false),
                    string(root, "color", 32, false),
                    root.hasNonNull("version") ? integer(root, "version", 0, Long.MAX_VALUE) : null,
                    // At most the largest seq but one: the fence it may raise is the seq after it.
                    root.hasNonNull("inFlightSeq") ? integer(root, "inFlightSeq", 1, Long.MAX_VALUE - 1) : null);
            case "op" -> new ClientMessage.SubmitOp(
                    integer(root, "seq", 1, Long.MAX_VALUE),
                    integer(root, "baseVersion", 0, Long.MAX_VALUE),
                    delta(root));
            case "ops" -> new ClientMessage.SubmitOps(integer(root, "baseVersion", 0, Long.MAX_VALUE), batch(root));
            case "presence" -> new ClientMessage.PresenceUpdate(range(root));
            case "save" -> new ClientMessage.Save(string(root, "label", MAX_LABEL_LENGTH, false));
            case "ping" -> new ClientMessage.Ping();
            default -> throw new MalformedMessageException(Reason.UNKNOWN_TYPE,
                    "unknown message type \"" + abbreviate(type) + "\"; expected hello, op, ops, presence, save or ping");
        };
    }

    public String encode(ServerMessage message) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartObject();
            // Java 17: no pattern matching in switch yet, so an instanceof chain over the sealed type.
            if (message instanceof ServerMessage.Welcome w) {
                writeWelcome(g, w);
            } else if (message instanceof ServerMessage.Ack a) {
                g.writeStringField("type", "ack");
                g.writeNumberField("seq", a.seq());
                g.writeNumberField("version", a.version());
            } else if (message instanceof ServerMessage.RemoteOp r) {
                g.writeStringField("type", "op");
                writeOpFields(g, r.op());
            } else if (message instanceof ServerMessage.RemoteOps r) {
                g.writeStringField("type", "ops");
                writeOps(g, r.ops());
            } else if (message instanceof ServerMessage.PresenceChanged p) {
                g.writeStringField("type", "presence");
                writeUserFields(g, p.user());
            } else if (message instanceof ServerMessage.Saved s) {
                g.writeStringField("type", "saved");
                g.writeNumberField("savedVersion", s.savedVersion());
                g.writeNumberField("version", s.version());
                g.writeStringField("trigger", s.trigger());
                g.writeStringField("savedBy", s.savedBy());
                g.writeStringField("savedAt", s.savedAt());
                if (s.label() != null) {
                    g.writeStringField("label", s.label());
                }
                if (s.requestedBy() != null) {
                    g.writeStringField("requestedBy", s.requestedBy());
                }
            } else if (message instanceof ServerMessage.Title t) {
                g.writeStringField("type", "title");
                g.writeStringField("title", t.title());
                g.writeStringField("by", t.by());
            } else if (message instanceof ServerMessage.Left l) {
                g.writeStringField("type", "leave");
                g.writeStringField("clientId", l.clientId());
            } else if (message instanceof ServerMessage.Error e) {
                g.writeStringField("type", "error");
                g.writeStringField("code", e.code());
                g.writeStringField("message", e.message());
                if (e.seq() != null) {
                    g.writeNumberField("seq", e.seq());
                }
                if (e.re() != null) {
                    g.writeStringField("re", e.re());
                }
                if (e.retryAfterMs() != null) {
                    g.writeNumberField("retryAfterMs", e.retryAfterMs());
                }
            } else if (message instanceof ServerMessage.Pong) {
                g.writeStringField("type", "pong");
            } else {
                throw new IllegalArgumentException("unknown server message " + message);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + message.getClass().getSimpleName(), e);
        }
        return out.toString();
    }

    private void writeWelcome(JsonGenerator g, ServerMessage.Welcome w) throws IOException {
        g.writeStringField("type", "welcome");
        g.writeNumberField("protocol", w.protocol());
        g.writeStringField("documentId", w.documentId());
        g.writeStringField("title", w.title());
        g.writeNumberField("version", w.version());
        g.writeStringField("role", w.role());
        g.writeStringField("clientId", w.clientId());
        g.writeNumberField("lastSeq", w.lastSeq());
        if (w.clientSecret() != null) {
            g.writeStringField("clientSecret", w.clientSecret());
        }
        if (w.content() != null) {
            g.writeFieldName("content");
            g.writeObject(w.content());
        } else {
            writeOps(g, w.ops());
        }
        g.writeArrayFieldStart("users");
        for (ServerMessage.UserPresence user : w.users()) {
            g.writeStartObject();
            writeUserFields(g, user);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeOps(JsonGenerator g, List<ServerMessage.OpRecord> ops) throws IOException {
        g.writeArrayFieldStart("ops");
        for (ServerMessage.OpRecord op : ops) {
            g.writeStartObject();
            writeOpFields(g, op);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeOpFields(JsonGenerator g, ServerMessage.OpRecord op) throws IOException {
        g.writeNumberField("version", op.version());
        g.writeStringField("clientId", op.clientId());
        g.writeNumberField("seq", op.seq());
        g.writeFieldName("delta");
        g.writeObject(op.delta());
    }

    private static void writeUserFields(JsonGenerator g, ServerMessage.UserPresence user) throws IOException {
        g.writeStringField("clientId", user.clientId());
        g.writeStringField("name", user.name());
        g.writeStringField("color", user.color());
        g.writeFieldName("selection");
        if (user.selection() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeNumberField("index", user.selection().index());
            g.writeNumberField("length", user.selection().length());
            g.writeEndObject();
        }
    }

    private List<ClientMessage.BatchedOp> batch(JsonNode root) throws MalformedMessageException {
        JsonNode node = root.get("ops");
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw invalid("\"ops\" must be a non-empty array of {\"seq\", \"delta\"}");
        }
        if (node.size() > MAX_OPS_PER_MESSAGE) {
            throw invalid("\"ops\" holds " + node.size() + " ops; at most " + MAX_OPS_PER_MESSAGE
                    + " fit in one message");
        }
        List<ClientMessage.BatchedOp> ops = new ArrayList<>(node.size());
        long previousSeq = 0;
        for (int i = 0; i < node.size(); i++) {
            JsonNode op = node.get(i);
            if (!op.isObject()) {
                throw invalid("\"ops[" + i + "]\" must be an object {\"seq\", \"delta\"}");
            }
            long seq;
            Delta delta;
            try {
                seq = integer(op, "seq", 1, Long.MAX_VALUE);
                delta = delta(op);
            } catch (MalformedMessageException e) {
                throw invalid("\"ops[" + i + "]\": " + e.getMessage());
            }
            if (seq <= previousSeq) {
                throw invalid("\"ops[" + i + "]\": \"seq\" must be larger than the one before it (" + previousSeq
                        + "), got " + seq);
            }
            previousSeq = seq;
            ops.add(new ClientMessage.BatchedOp(seq, delta));
        }
        return ops;
    }

    private Delta delta(JsonNode root) throws MalformedMessageException {
        JsonNode node = root.get("delta");
        if (node == null || !node.isObject()) {
            throw invalid("\"delta\" must be an object like {\"ops\": [...]}");
        }
        try {
            return mapper.treeToValue(node, Delta.class);
        } catch (JacksonException | IllegalArgumentException e) {
            String detail = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw invalid("\"delta\" is not a valid delta: " + detail);
        }
    }

    private static Range range(JsonNode root) throws MalformedMessageException {
        JsonNode node = root.get("selection");
        if (node == null) {
            throw invalid("\"selection\" is required (null when the editor has no focus)");
        }
        if (node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw invalid("\"selection\" must be an object {\"index\", \"length\"} or null");
        }
        return new Range((int) integer(node, "index", 0, Integer.MAX_VALUE), (int) integer(node, "length", 0, Integer.MAX_VALUE));
    }

    private static long integer(JsonNode parent, String field, long min, long max) throws MalformedMessageException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw invalid("\"" + field + "\" is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid("\"" + field + "\" must be an integer, got " + abbreviate(node.toString()));
        }
        long value = node.longValue();
        if (value < min || value > max) {
            throw invalid("\"" + field + "\" must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static String string(JsonNode parent, String field, int maxLength, boolean required)
            throws MalformedMessageException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw invalid("\"" + field + "\" is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw invalid("\"" + field + "\" must be a string");
        }
        String value = node.textValue();
        if (value.isEmpty() || value.length() > maxLength) {
            throw invalid("\"" + field + "\" must be 1 to " + maxLength + " characters long");
        }
        return value;
    }

    private static MalformedMessageException invalid(String message) {
        return new MalformedMessageException(Reason.INVALID_FIELD, message);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
