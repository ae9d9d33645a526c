package dev.quire.store;

/**
 * An append lost the race for its version: another writer committed {@code (document, version)}
 * first. A single-node hub never sees it; in cluster mode it means "reload and transform again".
 */
public final class VersionConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VersionConflictException(String documentId, long version) {
        super("document " + documentId + " already has version " + version);
    }
}
