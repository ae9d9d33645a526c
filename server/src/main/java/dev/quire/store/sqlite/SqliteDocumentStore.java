package dev.quire.store.sqlite;

import dev.quire.store.StorageMetrics;
import dev.quire.store.AppendAdmission;
import dev.quire.store.AppendReservation;
import dev.quire.store.Appended;
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
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded {@link DocumentStore}: one SQLite file, e.g. {@code data/quire.db}.
 *
 * <p>Durability: WAL journal with {@code synchronous=FULL} by default, so a commit returns only
 * after the log is synced to disk and an acknowledged op survives a process kill, an OS crash and
 * a power cut. ({@code NORMAL} would sync only at checkpoints: safe against a process kill, but the
 * last commits can be lost on power loss — not what "acknowledged" promises.) Group commit
 * ({@link GroupCommitWriter}) pays one sync for everything queued meanwhile, which keeps the
 * throughput up without weakening that rule.
 *
 * <p>Writes go through the one writer thread; {@link #append} and {@link #saveSnapshot} return at
 * once with a future, the other writes wait for their commit. Reads use a pool of separate
 * connections. Thread-safe.
 */
public final class SqliteDocumentStore implements DocumentStore {
    /** The file name used in a data directory. */
    public static final String FILE_NAME = "quire.db";

    private final GroupCommitWriter writer;
    private final ReadPool readers;
    private final SqliteWebhookStore webhooks;
    private final SqliteAccessGrantStore grants;
    /** The bound of the writer's queue of appends; see {@link #reserveAppend}. */
    private final AppendAdmission admission;
    /** Per document, the last append not yet settled: reads wait for it (read-your-writes). */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> unsettled = new ConcurrentHashMap<>();
    /** Touched by the writer's thread only (its writes are made there). */
    private final ClientFences fences = new ClientFences();

    private SqliteDocumentStore(GroupCommitWriter writer, ReadPool readers, AppendAdmission admission) {
        this.writer = writer;
        this.admission = admission;
        this.readers = readers;
        this.webhooks = new SqliteWebhookStore(writer, readers);
        this.grants = new SqliteAccessGrantStore(writer, readers);
    }

    /** The API tokens and share links in this same file, on this store's writer and readers. */
    public SqliteAccessGrantStore accessGrants() {
        return grants;
    }

    /** The webhook endpoints and outbox in this same file, on this store's writer and readers. */
    public SqliteWebhookStore webhooks() {
        return webhooks;
    }

    /** Opens (creating if needed) {@value #FILE_NAME} in {@code dataDirectory} with the default settings. */
    public static SqliteDocumentStore inDirectory(Path dataDirectory) {
        return open(dataDirectory.resolve(FILE_NAME), SqliteSettings.defaults());
    }

    /**
     * Opens the database {@code file}, creating it if needed, and brings its schema up to date.
     *
     * @throws StorageException if the file cannot be opened or migrated
     */
    public static SqliteDocumentStore open(Path file, SqliteSettings settings) {
        return open(file, settings, StorageMetrics.NONE);
    }

    /** As {@link #open(Path, SqliteSettings)}, reporting failed reads and writes to {@code metrics}. */
    public static SqliteDocumentStore open(Path file, SqliteSettings settings, StorageMetrics metrics) {
        return open(file, settings, metrics, AppendAdmission.defaults());
    }

    /**
     * As {@link #open(Path, SqliteSettings, StorageMetrics)}, with the writer's queue of appends bounded by
     * {@code admission} (see {@link #reserveAppend}).
     */
    public static SqliteDocumentStore open(Path file, SqliteSettings settings, StorageMetrics metrics,
                                           AppendAdmission admission) {
        Database database = new Database(file, settings);
        List<SqlConnection> opened = new ArrayList<>();
        try {
            database.keepPrivate();
            database.migrate();
            SqlConnection writeConnection = database.openWriter();
            opened.add(writeConnection);
            List<SqlConnection> readConnections = new ArrayList<>();
            for (int i = 0; i < settings.readConnections(); i++) {
                SqlConnection reader = database.openReader();
                opened.add(reader);
                readConnections.add(reader);
            }
            GroupCommitWriter writer = new GroupCommitWriter(writeConnection, settings.maxBatch(),
                    "quire-store-writer", metrics);
            return new SqliteDocumentStore(writer, new ReadPool(readConnections, metrics), admission);
        } catch (SQLException | IOException | RuntimeException e) {
            for (SqlConnection connection : opened) {
                try {
                    connection.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new StorageException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean create(String id, String title, DocumentSnapshot content, Instant at,
                          List<OutboxMessage> announce) {
        return await(writer.submit(new Writes.Create(id, title, content, at, announce)));
    }

    @Override
    public boolean rename(String id, String title, Instant at) {
        return await(writer.submit(new Writes.Rename(id, title, at)));
    }

    @Override
    public boolean delete(String id, Instant at, List<OutboxMessage> announce) {
        return await(writer.submit(new Writes.Delete(id, at, announce)));
    }

    /**
     * Admission to the one writer's queue: while it waits for a slow disk (or a lock held by another process),
     * admitted appends wait in its queue, and this keeps them to the bound instead of letting memory grow.
     */
    @Override
    public AppendReservation reserveAppend(int ops, long bytes) {
        return admission.reserve(ops, bytes);
    }

    /** Appends admitted by {@link #reserveAppend} and not yet completed, in ops. */
    public long queuedAppends() {
        return admission.queuedOps();
    }

    /** The estimated bytes of {@link #queuedAppends()}. */
    public long queuedAppendBytes() {
        return admission.queuedBytes();
    }

    @Override
    public CompletableFuture<Void> appendAll(String id, List<CommittedOp> ops) {
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("nothing to append to " + id);
        }
        CompletableFuture<Void> durable = writer.submit(new Writes.Append(id, List.copyOf(ops)));
        unsettled.put(id, durable);
        durable.whenComplete((ignored, error) -> unsettled.remove(id, durable));
        return durable;
    }

    /** On the one writer, so nothing commits between its reads and its inserts; see {@link ClientFences}. */
    @Override
    public CompletableFuture<Appended> appendAfter(String id, long head, List<List<CommittedOp>> messages) {
        List<List<CommittedOp>> copied = messages.stream().filter(m -> !m.isEmpty()).map(List::copyOf).toList();
        if (copied.isEmpty()) {
            throw new IllegalArgumentException("nothing to append to " + id);
        }
        CompletableFuture<Appended> durable = writer.submit(fences.appendAfter(id, head, copied));
        CompletableFuture<Void> settled = durable.thenApply(ignored -> null);
        unsettled.put(id, settled);
        settled.whenComplete((ignored, error) -> unsettled.remove(id, settled));
        return durable;
    }

    @Override
    public Optional<CommittedOp> lastBySeqFencing(String id, String clientId, long inFlightSeq) {
        if (inFlightSeq < 1 || inFlightSeq == Long.MAX_VALUE) {
            throw new IllegalArgumentException("a seq in flight is positive: " + inFlightSeq);
        }
        return await(writer.submit(fences.fence(id, clientId, inFlightSeq)));
    }

    @Override
    public CompletableFuture<Void> saveSnapshot(String id, DocumentSnapshot snapshot) {
        return writer.submit(new Writes.Snapshot(id, snapshot));
    }

    @Override
    public CompletableFuture<SavedVersion> save(String id, SaveRequest request) {
        return writer.submit(new Writes.Save(id, request));
    }

    @Override
    public List<SavedVersion> savedVersions(String id) {
        return readers.read(db -> Queries.saves(db, id, "", Long.MAX_VALUE));
    }

    @Override
    public Optional<SavedVersion> savedVersion(String id, long number) {
        return readers.read(db -> Queries.saves(db, id, " AND number = " + number, 1).stream().findFirst());
    }

    @Override
    public Optional<SavedVersion> latestSave(String id) {
        return readers.read(db -> Queries.saves(db, id, "", 1).stream().findFirst());
    }

    @Override
    public Optional<LoadedDocument> load(String id) {
        settle(id);
        return readers.read(db -> {
            DocumentInfo info = Queries.liveInfo(db, id);
            if (info == null) {
                return Optional.empty();
            }
            DocumentSnapshot snapshot = Queries.latestSnapshot(db, id, info.version());
            return Optional.of(new LoadedDocument(info, snapshot,
                    Queries.ops(db, id, snapshot.version(), info.version())));
        });
    }

    @Override
    public List<CommittedOp> ops(String id, long fromExclusive, long toInclusive) {
        settle(id);
        return readers.read(db -> Queries.liveInfo(db, id) == null
                ? List.of() : Queries.ops(db, id, fromExclusive, toInclusive));
    }

    @Override
    public OpPage ops(String id, long fromExclusive, long toInclusive, long maxBytes) {
        settle(id);
        return readers.read(db -> Queries.liveInfo(db, id) == null
                ? new OpPage(List.of(), false) : Queries.ops(db, id, fromExclusive, toInclusive, maxBytes));
    }

    @Override
    public Optional<CommittedOp> findBySeq(String id, String clientId, long seq) {
        settle(id);
        return readers.read(db -> Optional.ofNullable(Queries.liveInfo(db, id) == null
                ? null : Queries.bySeq(db, id, clientId, seq)));
    }

    @Override
    public Optional<CommittedOp> lastBySeq(String id, String clientId) {
        settle(id);
        return readers.read(db -> Optional.ofNullable(Queries.liveInfo(db, id) == null
                ? null : Queries.lastBySeq(db, id, clientId)));
    }

    @Override
    public Optional<DocumentSnapshot> snapshotAtOrBefore(String id, long version) {
        if (version < 0) {
            return Optional.empty();
        }
        settle(id);
        return readers.read(db -> Optional.ofNullable(Queries.liveInfo(db, id) == null
                ? null : Queries.latestSnapshot(db, id, version)));
    }

    @Override
    public List<DocumentInfo> list() {
        return readers.read(Queries::liveInfos);
    }

    /** Writes what is queued, then closes the connections; appends after this fail. */
    @Override
    public void close() {
        writer.close();
        readers.close();
    }

    /** Queues any write: for tests (a write that fails, or holds the writer to shape a batch). */
    <T> CompletableFuture<T> submit(Write<T> write) {
        return writer.submit(write);
    }

    /** Transactions committed so far; each is one group commit. */
    long commits() {
        return writer.commits();
    }

    /** Waits until the document's appends made so far are committed or failed. */
    private void settle(String id) {
        CompletableFuture<Void> last = unsettled.get(id);
        if (last != null) {
            // Futures of one document complete in version order: the last one settles them all.
            last.handle((ignored, error) -> null).join();
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The read side's SQL. */
    static final class Queries {
        static DocumentInfo liveInfo(SqlConnection db, String id) throws SQLException {
            PreparedStatement select = db.prepare("SELECT " + Rows.INFO_COLUMNS
                    + " FROM documents WHERE id = ? AND deleted_at IS NULL");
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Rows.info(row) : null;
            }
        }

        /** Saves of a live document, newest first; {@code filter} is a fixed SQL condition (no user text). */
        static List<SavedVersion> saves(SqlConnection db, String id, String filter, long limit) throws SQLException {
            if (liveInfo(db, id) == null) {
                return List.of();
            }
            PreparedStatement select = db.prepare("SELECT " + Rows.SAVE_COLUMNS + " FROM saved_versions"
                    + " WHERE document_id = ?" + filter + " ORDER BY number DESC LIMIT ?");
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

        static List<DocumentInfo> liveInfos(SqlConnection db) throws SQLException {
            PreparedStatement select = db.prepare("SELECT " + Rows.INFO_COLUMNS
                    + " FROM documents WHERE deleted_at IS NULL ORDER BY updated_at DESC, id");
            List<DocumentInfo> infos = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    infos.add(Rows.info(rows));
                }
            }
            return infos;
        }

        static DocumentSnapshot latestSnapshot(SqlConnection db, String id, long atMost) throws SQLException {
            PreparedStatement select = db.prepare("SELECT version, content FROM snapshots"
                    + " WHERE document_id = ? AND version <= ? ORDER BY version DESC LIMIT 1");
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

        static List<CommittedOp> ops(SqlConnection db, String id, long fromExclusive, long toInclusive)
                throws SQLException {
            return ops(db, id, fromExclusive, toInclusive, Long.MAX_VALUE).ops();
        }

        /** Rows are stepped one at a time, so stopping at the byte bound stops the reading too. */
        static OpPage ops(SqlConnection db, String id, long fromExclusive, long toInclusive, long maxBytes)
                throws SQLException {
            PreparedStatement select = db.prepare("SELECT " + Rows.OP_COLUMNS + " FROM ops"
                    + " WHERE document_id = ? AND version > ? AND version <= ? ORDER BY version");
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

        static CommittedOp bySeq(SqlConnection db, String id, String clientId, long seq) throws SQLException {
            PreparedStatement select = db.prepare("SELECT " + Rows.OP_COLUMNS + " FROM ops"
                    + " WHERE document_id = ? AND client_id = ? AND client_seq = ?");
            select.setString(1, id);
            select.setString(2, clientId);
            select.setLong(3, seq);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Rows.op(row) : null;
            }
        }

        /** One step down the (document, client, seq) unique index, from its end. */
        static CommittedOp lastBySeq(SqlConnection db, String id, String clientId) throws SQLException {
            PreparedStatement select = db.prepare("SELECT " + Rows.OP_COLUMNS + " FROM ops"
                    + " WHERE document_id = ? AND client_id = ? ORDER BY client_seq DESC LIMIT 1");
            select.setString(1, id);
            select.setString(2, clientId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Rows.op(row) : null;
            }
        }
    }
}
