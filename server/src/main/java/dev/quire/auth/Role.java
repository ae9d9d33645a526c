package dev.quire.auth;

import java.util.Optional;

/** What a principal may do with one document. {@code EDIT} includes everything {@code VIEW} may. */
public enum Role {
    /** Read the document and follow it live (edits and presence of others); send presence; never change it. */
    VIEW("view"),
    /** Everything a viewer may, and edit and save it. */
    EDIT("edit");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The lesser of two roles. */
    public Role min(Role other) {
        return this == VIEW || other == VIEW ? VIEW : EDIT;
    }

    public static Optional<Role> ofWire(String wire) {
        for (Role role : values()) {
            if (role.wire.equals(wire)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
