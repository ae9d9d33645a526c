package dev.quire.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of event an endpoint can subscribe to, with their fixed wire names. */
public enum EventType {
    DOCUMENT_SAVED("document.saved"),
    DOCUMENT_CREATED("document.created"),
    DOCUMENT_DELETED("document.deleted");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    /** The name in payloads, subscriptions and the REST API, e.g. {@code document.saved}. */
    public String wire() {
        return wire;
    }

    /** The type whose wire name is {@code name}, if any. */
    public static Optional<EventType> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(name)).findFirst();
    }
}
