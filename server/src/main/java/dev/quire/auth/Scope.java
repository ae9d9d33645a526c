package dev.quire.auth;

import java.util.Optional;

/** What a credential may do across the API, independent of documents. */
public enum Scope {
    /** Read documents (content, history, saves) and join them as a viewer. */
    DOCUMENTS_READ("documents:read"),
    /** Create, edit, rename, delete and save documents; share them. */
    DOCUMENTS_WRITE("documents:write"),
    /** Register and manage webhook endpoints. */
    WEBHOOKS_MANAGE("webhooks:manage"),
    /** Everything, including API tokens and {@code /api/admin/*}. */
    ADMIN("admin");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    /** The name used in the API, in JWT {@code scope} claims and in storage. */
    public String wire() {
        return wire;
    }

    public static Optional<Scope> ofWire(String wire) {
        for (Scope scope : values()) {
            if (scope.wire.equals(wire)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
