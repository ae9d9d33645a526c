package dev.quire.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Durable storage of documents and their op logs.
 *
 * <p>Thread-safe. Appends for one document are made in version order by its hub; the store may
 * batch appends of many documents into one transaction (group commit) but completes each future
 * only once its op is durable. {@code (document, version)} is unique, so in a cluster the
 * database itself orders concurrent writers.
 */
public interface DocumentStore extends AutoCloseable {

    /**
     * Creates a document at version 0 with {@code content}.
     *
     * @return false if a document with this id already exists (nothing is changed then)
     */
    boolean create(String id, String title, DocumentSnapshot content, Instant at);

    /** The document's metadata, snapshot and later ops; empty if it does not exist or was deleted. */
    Optional<LoadedDocument> load(String id);

    /**
     * Appends {@code op}, which must have version = current version + 1.
     *
     * @return a future completed when the op is durable, or completed exceptionally with
     *     {@link VersionConflictException} if that version is taken, or with the storage failure
     */
    CompletableFuture<Void> append(String id, CommittedOp op);

    /** Committed ops with {@code fromExclusive < version <= toInclusive}, in version order. */
    List<CommittedOp> ops(String id, long fromExclusive, long toInclusive);

    /** The committed op the client submitted with {@code seq}, if any (exactly-once after restarts). */
    Optional<CommittedOp> findBySeq(String id, String clientId, long seq);

    /** Records a snapshot so that loading does not replay the whole log. */
    void saveSnapshot(String id, DocumentSnapshot snapshot);

    /** Metadata of live documents, most recently updated first. */
    List<DocumentInfo> list();

    @Override
    void close();
}
