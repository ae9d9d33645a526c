package dev.quire.cluster;

import java.util.Objects;

/** A change that sessions on every node must learn of at once. Handling one twice must be harmless. */
public sealed interface ControlEvent {
    /** The document was renamed; sessions show the new name and who gave it ({@code by}, null if unknown). */
    record Renamed(String documentId, String name, String by) implements ControlEvent {
        public Renamed {
            Objects.requireNonNull(documentId, "documentId");
            Objects.requireNonNull(name, "name");
        }

        public Renamed(String documentId, String name) {
            this(documentId, name, null);
        }
    }

    /** The document was deleted; its sessions are closed. */
    record Deleted(String documentId) implements ControlEvent {
        public Deleted {
            Objects.requireNonNull(documentId, "documentId");
        }
    }

    /** An API token or share link was issued; the other nodes learn it, since they check credentials from memory. */
    record GrantIssued(String grantId) implements ControlEvent {
        public GrantIssued {
            Objects.requireNonNull(grantId, "grantId");
        }
    }

    /** An API token or share link was revoked; sessions that authenticated with it are closed. */
    record GrantRevoked(String grantId) implements ControlEvent {
        public GrantRevoked {
            Objects.requireNonNull(grantId, "grantId");
        }
    }
}
