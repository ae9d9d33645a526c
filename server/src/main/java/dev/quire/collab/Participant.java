package dev.quire.collab;

import java.time.Duration;

/**
 * One connection to a document, as the hub sees it; implemented by transports (WebSocket
 * session, REST direct edit).
 *
 * <p>The hub calls these methods one at a time, in order, from its own sequencing thread: they
 * must not block (queue the message and return). Events reach a participant in version order,
 * always after the op they describe is durable.
 */
public interface Participant {

    User user();

    /** The hub has joined this participant: here is the document (or what was missed). */
    void welcome(Welcome welcome);

    /** The participant's op {@code seq} is committed as {@code version}. */
    void acknowledged(long seq, long version);

    /** Someone else's op is committed. */
    void remoteOp(Edit edit);

    /**
     * A save of the document committed (whoever asked for it, and whatever the trigger).
     *
     * @param requestedBy client id of the participant whose save request this answers; null for automatic and
     *                    REST saves
     */
    void saved(Saved saved, String requestedBy);

    /**
     * The document was renamed (sent to everyone in it once the new title is stored).
     *
     * @param renamedBy display name of whoever renamed it
     */
    void titleChanged(String title, String renamedBy);

    /** Someone joined or moved their selection. */
    void presenceChanged(Presence presence);

    /** Everyone with this client id has left. */
    void left(String clientId);

    /** The participant's request (op {@code seq}, or null for other requests) was refused; the session stays open. */
    void rejected(ErrorCode code, String detail, Long seq);

    /**
     * The participant's op {@code seq} was refused for now (a write budget is spent): nothing of it was applied, and
     * it may be sent again, unchanged, after {@code retryAfter}. Told as an ordinary refusal unless the transport
     * can carry the hint.
     */
    default void rejected(ErrorCode code, String detail, Long seq, Duration retryAfter) {
        rejected(code, detail, seq);
    }

    /**
     * Whom this participant's writes count against besides the document (the per-writer write budget,
     * docs/security.md): its credential; null when there is none to count against.
     */
    default String writer() {
        return null;
    }

    /** The hub ends the session (document deleted, storage failure, shutdown); the transport closes it. */
    void disconnect(ErrorCode code, String reason);
}
