package dev.quire.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.json.QuireJson;

/**
 * The JSON of a control event between nodes, the same on Redis and in a NOTIFY payload:
 * {@code {"id":"…","node":"n1","type":"renamed","document":"d","name":"Notes","by":"Ann"}}, {@code "deleted"} with
 * {@code document}, {@code "grant_issued"} and {@code "grant_revoked"} with {@code grant}. The id lets a receiver that hears an event on both
 * ways handle it once.
 */
final class ControlMessages {
    private static final ObjectMapper JSON = QuireJson.newMapper();

    /** An event as read, with its id and sender. */
    record Sent(String id, String node, ControlEvent event) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Message(String id, String node, String type, String document, String name, String by,
                           String grant) {
    }

    private ControlMessages() {
    }

    static String write(Sent sent) {
        Message message;
        if (sent.event() instanceof ControlEvent.Renamed r) {
            message = new Message(sent.id(), sent.node(), "renamed", r.documentId(), r.name(), r.by(), null);
        } else if (sent.event() instanceof ControlEvent.Deleted d) {
            message = new Message(sent.id(), sent.node(), "deleted", d.documentId(), null, null, null);
        } else if (sent.event() instanceof ControlEvent.GrantIssued g) {
            message = new Message(sent.id(), sent.node(), "grant_issued", null, null, null, g.grantId());
        } else {
            ControlEvent.GrantRevoked g = (ControlEvent.GrantRevoked) sent.event();
            message = new Message(sent.id(), sent.node(), "grant_revoked", null, null, null, g.grantId());
        }
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a control event could not be written as JSON", e);
        }
    }

    /** @throws IllegalArgumentException when {@code json} is not a control event */
    static Sent read(String json) {
        Message m;
        try {
            m = JSON.readValue(json, Message.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable control event: " + e.getOriginalMessage(), e);
        }
        if (m.id() == null || m.node() == null || m.type() == null) {
            throw new IllegalArgumentException("a control event needs id, node and type: " + json);
        }
        try {
            ControlEvent event = switch (m.type()) {
                case "renamed" -> new ControlEvent.Renamed(m.document(), m.name(), m.by());
                case "deleted" -> new ControlEvent.Deleted(m.document());
                case "grant_issued" -> new ControlEvent.GrantIssued(m.grant());
                case "grant_revoked" -> new ControlEvent.GrantRevoked(m.grant());
                default -> throw new IllegalArgumentException("unknown control event type: " + m.type());
            };
            return new Sent(m.id(), m.node(), event);
        } catch (NullPointerException e) {
            throw new IllegalArgumentException("control event " + m.type() + " misses " + e.getMessage(), e);
        }
    }
}
