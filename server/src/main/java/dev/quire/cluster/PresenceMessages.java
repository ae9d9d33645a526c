package dev.quire.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.json.QuireJson;

/**
 * The JSON of presence between nodes, for the pub/sub messages and the TTL keys alike:
 * {@code {"node":"n1","document":"d","clientId":"c","user":"Ada","selection":{"index":3,"length":0},"color":"#4363d8","left":false}}.
 */
final class PresenceMessages {
    private static final ObjectMapper JSON = QuireJson.newMapper();

    /** A message as read: which node said it, and what. */
    record Said(String node, PresenceEvent event) {
    }

    private record Message(String node, String document, String clientId, String user, ClusterPresence.Cursor selection,
            String color, boolean left) {
    }

    private PresenceMessages() {
    }

    static String here(String node, ClusterPresence presence) {
        return write(new Message(node, presence.documentId(), presence.clientId(), presence.user(),
                presence.selection(), presence.color(), false));
    }

    static String left(String node, String documentId, String clientId) {
        return write(new Message(node, documentId, clientId, null, null, null, true));
    }

    /** @throws IllegalArgumentException when {@code json} is not a presence message */
    static Said read(String json) {
        Message m;
        try {
            m = JSON.readValue(json, Message.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable presence: " + e.getOriginalMessage(), e);
        }
        if (m.node() == null || m.document() == null || m.clientId() == null || (!m.left() && m.user() == null)) {
            throw new IllegalArgumentException("presence needs node, document, clientId and user: " + json);
        }
        PresenceEvent event = m.left()
                ? new PresenceEvent.Left(m.document(), m.clientId())
                : new PresenceEvent.Here(new ClusterPresence(m.document(), m.clientId(), m.user(), m.selection(),
                        m.color()));
        return new Said(m.node(), event);
    }

    private static String write(Message message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("presence could not be written as JSON", e);
        }
    }
}
