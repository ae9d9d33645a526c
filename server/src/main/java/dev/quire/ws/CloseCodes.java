package dev.quire.ws;

import dev.quire.collab.ErrorCode;
import jakarta.websocket.CloseReason;

/**
 * The one mapping from errors that end a connection, the WebSocket layer's and the hub's, to WebSocket close codes. Codes 4000–4999
 * are Quire's own (listed in docs/protocol.md); the rest are RFC 6455's.
 */
final class CloseCodes {
    /** The hello could not be accepted (an unsupported protocol version). */
    static final int BAD_HELLO = 4400;
    /** The document does not exist, and the session may not create it (a viewer joining an unknown id). */
    static final int DOCUMENT_NOT_FOUND = 4404;
    /** The document was deleted. */
    static final int DOCUMENT_DELETED = 4410;
    /** No valid hello within the hello deadline. */
    static final int HELLO_TIMEOUT = 4408;
    /** The credential the session was admitted with expired (like HTTP 401: get a new one). */
    static final int ACCESS_EXPIRED = 4401;
    /** The share link or token the session was admitted with was revoked (like HTTP 403). */
    static final int ACCESS_REVOKED = 4403;
    /** The client did not read fast enough. */
    static final int SLOW_CONSUMER = 4008;
    /** A newer connection joined with this session's client identity (like HTTP 409). */
    static final int SESSION_REPLACED = 4409;

    private CloseCodes() {
    }

    static CloseReason forError(WsError code, String reason) {
        int number = switch (code) {
            case UNSUPPORTED_PROTOCOL -> BAD_HELLO;
            case SLOW_CONSUMER -> SLOW_CONSUMER;
            case TOO_MANY_ERRORS, RATE_LIMITED -> CloseReason.CloseCodes.VIOLATED_POLICY.getCode();
            case HELLO_TIMEOUT -> HELLO_TIMEOUT;
            case TOO_MANY_CONNECTIONS -> CloseReason.CloseCodes.TRY_AGAIN_LATER.getCode();
            case ACCESS_EXPIRED -> ACCESS_EXPIRED;
            case ACCESS_REVOKED -> ACCESS_REVOKED;
            case TOO_LARGE -> CloseReason.CloseCodes.TOO_BIG.getCode();
            case UNSUPPORTED_DATA -> CloseReason.CloseCodes.CANNOT_ACCEPT.getCode();
            case IDLE_TIMEOUT -> CloseReason.CloseCodes.GOING_AWAY.getCode();
            default -> CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode();
        };
        return reason(number, code.wire(), reason);
    }

    /** For the hub's reasons to end a session. */
    static CloseReason forError(ErrorCode code, String reason) {
        int number = switch (code) {
            case DOCUMENT_DELETED -> DOCUMENT_DELETED;
            case DOCUMENT_NOT_FOUND -> DOCUMENT_NOT_FOUND;
            case SESSION_REPLACED -> SESSION_REPLACED;
            case GOING_AWAY -> CloseReason.CloseCodes.GOING_AWAY.getCode();
            default -> CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode();
        };
        return reason(number, code.wire(), reason);
    }

    private static CloseReason reason(int number, String code, String reason) {
        // A close reason is limited to 123 bytes of UTF-8.
        String text = code + ": " + reason;
        if (text.length() > 120) {
            text = text.substring(0, 120);
        }
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(number), text);
    }
}
