package dev.quire.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One backup file of the database.
 *
 * @param name      the file's name in the backup directory, e.g. {@code quire-20261127T021500.123Z.db}
 * @param bytes     its size
 * @param createdAt when the copy was taken: it holds everything committed before then
 */
public record BackupInfo(String name, long bytes, Instant createdAt) {
    public BackupInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
        }
    }
}
