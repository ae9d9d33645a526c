package dev.quire.ws;

import org.slf4j.MDC;

/**
 * The logging context (SLF4J MDC) of one connection's work on the calling thread: {@code conn} (the connection id)
 * and {@code doc} (the document id, when valid). Opened around every Tyrus callback and removed after it, so a
 * pooled thread never carries one connection's ids into another's lines. Not thread-safe: one per callback.
 */
final class LogContext implements AutoCloseable {

    static final String CONNECTION = "conn";
    static final String DOCUMENT = "doc";

    private final String previousConnection;
    private final String previousDocument;

    private LogContext(String connectionId, String documentId) {
        // A callback may run inside another's context (Tyrus calls onClose from within a send): restore, not clear.
        this.previousConnection = MDC.get(CONNECTION);
        this.previousDocument = MDC.get(DOCUMENT);
        put(CONNECTION, connectionId);
        put(DOCUMENT, documentId);
    }

    static LogContext of(String connectionId, String documentId) {
        return new LogContext(connectionId, documentId);
    }

    @Override
    public void close() {
        put(CONNECTION, previousConnection);
        put(DOCUMENT, previousDocument);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
