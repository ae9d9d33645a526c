package dev.quire.collab;

import java.util.Objects;

/**
 * Who is behind a connection, as shown to the others.
 *
 * @param clientId stable id of the client (one browser tab/editor instance); keys exactly-once dedup
 * @param name     display name, cleaned on construction (see {@link DisplayNames}): whatever a client or a credential
 *                 says, no user is ever shown with control characters or bidirectional overrides in their name
 * @param color    CSS colour for the cursor, e.g. {@code #3f51b5}
 */
public record User(String clientId, String name, String color) {
    public User {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(color, "color");
        name = DisplayNames.clean(name);
    }
}
