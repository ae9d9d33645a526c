package dev.quire.store;

/**
 * The storage itself failed (I/O error, full disk, corrupt file, closed store): nothing of the
 * failed write is stored. Not a domain outcome; callers log it and treat the data as unavailable.
 */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
