package dev.quire.protocol;

import dev.quire.ot.Delta;
import java.util.List;

/** A message from the server, encoded by {@link ProtocolCodec#encode}. */
public sealed interface ServerMessage {

    /** A user present in the document. */
    record UserPresence(String clientId, String name, String color, Range selection) {
    }

    /** A committed op as carried in a resume welcome and in broadcasts. */
    record OpRecord(long version, String clientId, long seq, Delta delta) {
    }

    /**
     * Answer to hello: either {@code content} (the whole document at {@code version}) or
     * {@code ops} (what the client missed since the version it resumed from).
     */
    /**
     * {@code role} is what the session may do: {@code "edit"} or {@code "view"} (ops and saves refused).
     * {@code clientId} is the client's identity on this connection; {@code clientSecret}, sent only when the server
     * has just issued it (a hello without one), is what the client presents to resume under that id. {@code lastSeq}
     * is the client's highest committed seq on the document (0: none). {@code protocol} is the version the client's
     * hello named, which the rest of the connection speaks.
     */
    record Welcome(int protocol, String documentId, String title, long version, Delta content, List<OpRecord> ops,
                   List<UserPresence> users, String role, String clientId, String clientSecret, long lastSeq)
            implements ServerMessage {
    }

    /** The author's op {@code seq} is committed as {@code version}. */
    record Ack(long seq, long version) implements ServerMessage {
    }

    /** Someone else's committed op. */
    record RemoteOp(OpRecord op) implements ServerMessage {
    }

    /**
     * Protocol 3: consecutive committed ops of others, in version order (never the recipient's own), as one message.
     */
    record RemoteOps(List<OpRecord> ops) implements ServerMessage {
        public RemoteOps {
            ops = List.copyOf(ops);
        }
    }

    /** A user joined or moved their selection. */
    record PresenceChanged(UserPresence user) implements ServerMessage {
    }

    /**
     * A save of the document committed (sent to everyone in it, whoever asked for it).
     *
     * @param savedVersion the save's number
     * @param version      the document version it captured
     * @param trigger      {@code explicit}, {@code auto} or {@code api}
     * @param savedAt      ISO-8601 instant
     * @param label        or null
     * @param requestedBy  the client id whose {@code save} this answers; absent for automatic and REST saves
     */
    record Saved(long savedVersion, long version, String trigger, String savedBy, String savedAt, String label,
                 String requestedBy)
            implements ServerMessage {
    }

    /**
     * The document was renamed (sent to everyone in it once the new title is stored).
     *
     * @param by display name of whoever renamed it
     */
    record Title(String title, String by) implements ServerMessage {
    }

    /** A user left. */
    record Left(String clientId) implements ServerMessage {
    }

    /**
     * A request failed. {@code seq} names the op it answers, if it answers one.
     *
     * @param code    machine-readable, fixed strings listed in docs/protocol.md
     * @param message for humans
     * @param re      the type of the client message it answers ({@code op}, {@code save}, {@code presence}, ...),
     *                or null when that is not known (a frame that could not be decoded, a server-side failure)
     * @param retryAfterMs when the refused message may be sent again unchanged, in milliseconds; null for no hint
     */
    record Error(String code, String message, Long seq, String re, Long retryAfterMs) implements ServerMessage {

        public Error(String code, String message, Long seq, String re) {
            this(code, message, seq, re, null);
        }

        /** An error answering the op number {@code seq}, or (seq null) no message in particular. */
        public Error(String code, String message, Long seq) {
            this(code, message, seq, seq != null ? "op" : null);
        }
    }

    /** Answer to ping. */
    record Pong() implements ServerMessage {
    }
}
