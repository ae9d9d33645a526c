package dev.quire.cluster;

/** What another node says about one participant of a document. */
public sealed interface PresenceEvent {
    String documentId();

    String clientId();

    /** The participant is here, with this selection (joined or moved). */
    record Here(ClusterPresence presence) implements PresenceEvent {
        @Override
        public String documentId() {
            return presence.documentId();
        }

        @Override
        public String clientId() {
            return presence.clientId();
        }
    }

    /** The participant left (its session ended on its node). */
    record Left(String documentId, String clientId) implements PresenceEvent {
    }
}
