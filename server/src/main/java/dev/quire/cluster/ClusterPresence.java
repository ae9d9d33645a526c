package dev.quire.cluster;

import java.util.Objects;

/**
 * A participant of a document as other nodes see it: who, and where their cursor is.
 *
 * @param selection the selection, or null when the participant has none (not focused)
 * @param color     the participant's cursor colour ({@code #rrggbb}), or null for the receiver's choice
 */
public record ClusterPresence(String documentId, String clientId, String user, Cursor selection, String color) {
    /** A selection: {@code length} units from {@code index}; a caret has length 0. */
    public record Cursor(int index, int length) {
        public Cursor {
            if (index < 0 || length < 0) {
                throw new IllegalArgumentException(
                        "a cursor needs index >= 0 and length >= 0: " + index + ", " + length);
            }
        }
    }

    public ClusterPresence {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(user, "user");
    }

    public ClusterPresence(String documentId, String clientId, String user, Cursor selection) {
        this(documentId, clientId, user, selection, null);
    }
}
