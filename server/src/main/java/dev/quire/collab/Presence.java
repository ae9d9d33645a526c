package dev.quire.collab;

import java.util.Objects;

/** A user present in a document and their selection ({@code null} when the editor has no focus). */
public record Presence(User user, Selection selection) {
    public Presence {
        Objects.requireNonNull(user, "user");
    }
}
