package dev.quire.store.postgres;

import dev.quire.store.AppendAdmission;
import dev.quire.store.Appended;
import dev.quire.store.AppendReservation;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentInfo;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.DocumentStore;
import dev.quire.store.LoadedDocument;
import dev.quire.store.OpPage;
import dev.quire.store.OutboxMessage;
import dev.quire.store.SaveRequest;
import dev.quire.store.SavedVersion;
import dev.quire.store.StorageException;
import dev.quire.store.StorageMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cluster {@link DocumentStore}: documents in a PostgreSQL database that several Quire nodes share.
 *
 * <p>Writes go through this node's one writer ({@link GroupCommitWriter}): appends of all documents are committed
 * together, each document's head checked under its row lock, so a node that lost the race for a version gets {@link
 * dev.quire.store.VersionConflictException}. {@link #append} and {@link #saveSnapshot} and {@link #save} return at
 * once with a future, the other writes wait for their commit. Reads use the pool beside the writer and see what this
 * node appended before them (they wait for its pending appends) and whatever other nodes committed. After each
 * commit the new heads are sent on {@value GroupCommitWriter#CHANNEL} ({@code '<document> <version>'}), for nodes
 * that LISTEN. Thread-safe.
 */
public final class PostgresDocumentStore implements DocumentStore {
    /** The channel of the {@code NOTIFY '<document> <version>'} sent with every commit of appends. */
    public static final String COMMITS_CHANNEL = GroupCommitWriter.CHANNEL;

    private final Database database;
    private final GroupCommitWriter writer;
    private final Transactions transactions;
    private final PostgresWebhookStore webhooks;
    private final PostgresAccessGrantStore grants;
    private final AppendAdmission admission;
    /** Per document, this node's last append not yet settled: reads wait for it (read-your-writes). */
    private final ConcurrentHashMap<String, CompletableFuture<?>> unsettled = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresDocumentStore(Database database, PostgresSettings settings, StorageMetrics metrics,
                                  AppendAdmission admission) {
        this.database = database;
        this.admission = admission;
        this.transactions = new Transactions(database, metrics);
        this.writer = new GroupCommitWriter(database, settings.maxBatch(), metrics);
        this.webhooks = new PostgresWebhookStore(transactions);
        this.grants = new PostgresAccessGrantStore(transactions);
    }

    /**
     * Connects, brings the schema up to date (Flyway; nodes starting together take turns on its lock) and starts the
     * writer.
     *
     * @throws StorageException if the database cannot be reached or migrated (the message never holds the password)
     */
    public static PostgresDocumentStore open(PostgresSettings settings, StorageMetrics metrics,
                                             AppendAdmission admission) {
        Database database;
        try {
            database = new Database(settings);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to " + settings.url() + ": " + e.getMessage(), e);
        }
        try {
            database.migrate();
            return new PostgresDocumentStore(database, settings, metrics, admission);
        } catch (RuntimeException e) {
            database.close();
            throw new StorageException("cannot migrate " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    /** {@link #open(PostgresSettings, StorageMetrics, AppendAdmission)} with no metrics and the default bound. */
    public static PostgresDocumentStore open(PostgresSettings settings) {
        return open(settings, StorageMetrics.NONE, AppendAdmission.defaults());
    }

    /** The webhook endpoints and outbox in this same database. */
    public PostgresWebhookStore webhooks() {
        return webhooks;
    }

    /** The API tokens and share links in this same database. */
    public PostgresAccessGrantStore accessGrants() {
        return grants;
    }

    @Override
    public boolean create(String id, String title, DocumentSnapshot content, Instant at,
                          List<OutboxMessage> announce) {
        return writer.submitAndWait(new DocumentWrites.Create(id, title, content, at, List.copyOf(announce)));
    }

    @Override
    public boolean rename(String id, String title, Instant at) {
        return writer.submitAndWait(new DocumentWrites.Rename(id, title, at));
    }

    @Override
    public boolean delete(String id, Instant at, List<OutboxMessage> announce) {
        return writer.submitAndWait(new DocumentWrites.Delete(id, at, List.copyOf(announce)));
    }

    /** Admission to this node's writer queue, which waits while the database is slow or unreachable. */
    @Override
    public AppendReservation reserveAppend(int ops, long bytes) {
        return admission.reserve(ops, bytes);
    }

    @Override
    public CompletableFuture<Void> appendAll(String id, List<CommittedOp> ops) {
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("nothing to append to " + id);
        }
        return unsettledUntilDone(id, writer.submit(new DocumentWrites.Append(id, List.copyOf(ops))));
    }

    /** Several nodes append to the same documents: the hub appends with {@link #appendAfter}. */
    @Override
    public boolean sharedByNodes() {
        return true;
    }

    /**
     * Under the document's row lock, in this node's group commit: reads what other nodes committed after {@code
     * head}, brings the ops past them and commits them after them (see {@link DocumentWrites.AppendAfter}).
     */
    @Override
    public CompletableFuture<Appended> appendAfter(String id, long head, List<List<CommittedOp>> messages) {
        if (messages.stream().allMatch(List::isEmpty)) {
            throw new IllegalArgumentException("nothing to append to " + id);
        }
        List<List<CommittedOp>> copied = messages.stream().filter(m -> !m.isEmpty()).map(List::copyOf).toList();
        return unsettledUntilDone(id, writer.submit(new DocumentWrites.AppendAfter(id, head, copied)));
    }

    /** Reads of the document wait for {@code append} until it is settled (read-your-writes). */
    private <T> CompletableFuture<T> unsettledUntilDone(String id, CompletableFuture<T> append) {
        unsettled.put(id, append);
        append.whenComplete((ignored, error) -> unsettled.remove(id, append));
        return append;
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(String id, DocumentSnapshot snapshot) {
        return writer.submit(new DocumentWrites.Snapshot(id, snapshot));
    }

    @Override
    public CompletableFuture<SavedVersion> save(String id, SaveRequest request) {
        return writer.submit(new DocumentWrites.Save(id, request));
    }

    @Override
    public Optional<LoadedDocument> load(String id) {
        settle(id);
        return transactions.read(db -> {
            DocumentInfo info = Queries.liveInfo(db, id);
            if (info == null) {
                return Optional.empty();
            }
            DocumentSnapshot snapshot = Queries.latestSnapshot(db, id, info.version());
            return Optional.of(new LoadedDocument(info, snapshot,
                    Queries.ops(db, id, snapshot.version(), info.version(), Long.MAX_VALUE).ops()));
        });
    }

    @Override
    public List<CommittedOp> ops(String id, long fromExclusive, long toInclusive) {
        return ops(id, fromExclusive, toInclusive, Long.MAX_VALUE).ops();
    }

    @Override
    public OpPage ops(String id, long fromExclusive, long toInclusive, long maxBytes) {
        settle(id);
        return transactions.read(db -> Queries.liveInfo(db, id) == null
                ? new OpPage(List.of(), false) : Queries.ops(db, id, fromExclusive, toInclusive, maxBytes));
    }

    @Override
    public Optional<CommittedOp> findBySeq(String id, String clientId, long seq) {
        settle(id);
        return transactions.read(db -> Optional.ofNullable(Queries.liveInfo(db, id) == null ? null
                : Queries.op(db, id, " AND client_id = ? AND client_seq = ?", clientId, seq)));
    }

    @Override
    public Optional<CommittedOp> lastBySeq(String id, String clientId) {
        settle(id);
        return transactions.read(db -> Optional.ofNullable(Queries.liveInfo(db, id) == null ? null
                : Queries.op(db, id, " AND client_id = ? ORDER BY client_seq DESC LIMIT 1", clientId)));
    }

    /** In this node's group commit, with the document's row locked: see {@link ClientFences.Fence}. */
    @Override
    public Optional<CommittedOp> lastBySeqFencing(String id, String clientId, long inFlightSeq) {
        if (inFlightSeq < 1 || inFlightSeq == Long.MAX_VALUE) {
            throw new IllegalArgumentException("a seq in flight is positive: " + inFlightSeq);
        }
        return writer.submitAndWait(new ClientFences.Fence(id, clientId, inFlightSeq));
    }

    @Override
    public Optional<DocumentSnapshot> snapshotAtOrBefore(String id, long version) {
        if (version < 0) {
            return Optional.empty();
        }
        settle(id);
        return transactions.read(db -> Optional.ofNullable(Queries.liveInfo(db, id) == null
                ? null : Queries.latestSnapshot(db, id, version)));
    }

    @Override
    public List<SavedVersion> savedVersions(String id) {
        return transactions.read(db -> Queries.saves(db, id, "", Long.MAX_VALUE));
    }

    @Override
    public Optional<SavedVersion> savedVersion(String id, long number) {
        return transactions.read(db -> Queries.saves(db, id, " AND number = " + number, 1).stream().findFirst());
    }

    @Override
    public Optional<SavedVersion> latestSave(String id) {
        return transactions.read(db -> Queries.saves(db, id, "", 1).stream().findFirst());
    }

    @Override
    public List<DocumentInfo> list() {
        return transactions.read(db -> {
            List<DocumentInfo> infos = new ArrayList<>();
            try (PreparedStatement select = db.prepareStatement("SELECT " + Rows.INFO_COLUMNS
                    + " FROM documents WHERE deleted_at IS NULL ORDER BY updated_at DESC, id");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    infos.add(Rows.info(rows));
                }
            }
            return infos;
        });
    }

    /** One query, whatever the number of ids: what every node commits, not only this one. */
    @Override
    public Map<String, Long> heads(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return transactions.read(db -> {
            Map<String, Long> heads = new HashMap<>();
            try (PreparedStatement select = db.prepareStatement(
                    "SELECT id, version FROM documents WHERE id = ANY (?) AND deleted_at IS NULL")) {
                select.setArray(1, db.createArrayOf("text", ids.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        heads.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            return heads;
        });
    }

    /** Writes what is queued, then closes the pool; appends after this fail. Safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            writer.close();
            database.close();
        }
    }

    /** Waits until this node's appends of the document made so far are committed or failed. */
    private void settle(String id) {
        CompletableFuture<?> last = unsettled.get(id);
        if (last != null) {
            // Futures of one document complete in version order: the last one settles them all.
            last.handle((ignored, error) -> null).join();
        }
    }

    /** The read side's SQL. */
    private static final class Queries {
        static DocumentInfo liveInfo(Connection db, String id) throws SQLException {
            try (PreparedStatement select = db.prepareStatement("SELECT " + Rows.INFO_COLUMNS
                    + " FROM documents WHERE id = ? AND deleted_at IS NULL")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Rows.info(row) : null;
                }
            }
        }

        /** Saves of a live document, newest first; {@code filter} is fixed SQL (no user text). */
        static List<SavedVersion> saves(Connection db, String id, String filter, long limit) throws SQLException {
            if (liveInfo(db, id) == null) {
                return List.of();
            }
            try (PreparedStatement select = db.prepareStatement("SELECT " + Rows.SAVE_COLUMNS
                    + " FROM saved_versions WHERE document_id = ?" + filter + " ORDER BY number DESC LIMIT ?")) {
                select.setString(1, id);
                select.setLong(2, limit);
                List<SavedVersion> saves = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        saves.add(Rows.saved(id, rows));
                    }
                }
                return saves;
            }
        }

        static DocumentSnapshot latestSnapshot(Connection db, String id, long atMost) throws SQLException {
            try (PreparedStatement select = db.prepareStatement("SELECT version, content FROM snapshots"
                    + " WHERE document_id = ? AND version <= ? ORDER BY version DESC LIMIT 1")) {
                select.setString(1, id);
                select.setLong(2, atMost);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        // create() stores the first snapshot in the same transaction as the document.
                        throw new StorageException("document " + id + " has no snapshot");
                    }
                    return new DocumentSnapshot(row.getLong(1), Rows.delta(row.getString(2)));
                }
            }
        }

        /**
         * Rows come from the server in pages of a fetch size (a cursor, as auto-commit is off), so stopping at the
         * byte bound stops the reading too.
         */
        static OpPage ops(Connection db, String id, long fromExclusive, long toInclusive, long maxBytes)
                throws SQLException {
            try (PreparedStatement select = db.prepareStatement("SELECT " + Rows.OP_COLUMNS + " FROM ops"
                    + " WHERE document_id = ? AND version > ? AND version <= ? ORDER BY version")) {
                select.setFetchSize(256);
                select.setString(1, id);
                select.setLong(2, fromExclusive);
                select.setLong(3, toInclusive);
                List<CommittedOp> ops = new ArrayList<>();
                long bytes = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        CommittedOp op = Rows.op(rows);
                        bytes += op.estimatedBytes();
                        if (bytes > maxBytes && !ops.isEmpty()) {
                            return new OpPage(ops, true);
                        }
                        ops.add(op);
                    }
                }
                return new OpPage(ops, false);
            }
        }

        /** The first op of the document matching {@code condition} (fixed SQL) with {@code args}, or null. */
        static CommittedOp op(Connection db, String id, String condition, Object... args) throws SQLException {
            try (PreparedStatement select = db.prepareStatement("SELECT " + Rows.OP_COLUMNS + " FROM ops"
                    + " WHERE document_id = ?" + condition)) {
                select.setString(1, id);
                for (int i = 0; i < args.length; i++) {
                    select.setObject(i + 2, args[i]);
                }
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Rows.op(row) : null;
                }
            }
        }
    }
}
