package dev.quire.auth;

/**
 * Tells the other nodes of a cluster that a grant was issued or revoked, so that they read it again from the store
 * they share ({@link AccessGrants#changedElsewhere}): each node checks credentials from its own memory. Must not
 * block. {@link #NONE} on a single node.
 */
public interface GrantAnnouncements {
    GrantAnnouncements NONE = new GrantAnnouncements() {
        @Override
        public void issued(String grantId) {
        }

        @Override
        public void revoked(String grantId) {
        }
    };

    void issued(String grantId);

    void revoked(String grantId);
}
