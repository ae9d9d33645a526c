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
     * @return false if a document with this id already exists or was deleted (nothing is changed
     *     then): ids are never reused, so a deleted document cannot come back by a join of its id
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

    /**
     * The newest stored snapshot at or before {@code version}, for reading old versions (snapshot +
     * replay). The creation content (version 0) is always kept, so this finds one for every
     * version of a live document.
     *
     * @return empty if the document does not exist or was deleted
     */
    Optional<DocumentSnapshot> snapshotAtOrBefore(String id, long version);

    /**
     * Changes a live document's title and sets its updated time to {@code at}.
     *
     * @return false if the document does not exist or was deleted
     */
    boolean rename(String id, String title, Instant at);

    /**
     * Deletes a document: from then on {@code load}, {@code list}, {@code ops}, {@code findBySeq}
     * and {@code snapshotAtOrBefore} do not see it, and {@code create} with its id returns false.
     *
     * @return false if the document does not exist or was already deleted
     */
    boolean delete(String id, Instant at);

    /** Metadata of live documents, most recently updated first. */
    List<DocumentInfo> list();

    @Override
    void close();
}
