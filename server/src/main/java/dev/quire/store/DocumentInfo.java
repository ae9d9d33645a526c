package dev.quire.store;

import java.time.Instant;
import java.util.Objects;

/** Metadata of a document. {@code version} is the version of its last committed op. */
public record DocumentInfo(String id, String title, long version, Instant createdAt, Instant updatedAt) {
    public DocumentInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
