package dev.quire.store.sqlite;

import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.OutboxMessage;
import dev.quire.store.SaveRequest;
import dev.quire.store.SavedVersion;
import dev.quire.store.VersionConflictException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The writes the store makes, each one small and run by the writer thread inside a group commit. */
final class Writes {
    private Writes() {
    }

    /** Version of the live document {@code id} as this transaction sees it, or -1 if there is none. */
    static long liveVersion(SqlConnection db, String id) throws SQLException {
        PreparedStatement select = db.prepare("SELECT version FROM documents WHERE id = ? AND deleted_at IS NULL");
        select.setString(1, id);
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : -1;
        }
    }

    static final class Create extends Write<Boolean> {
        private final String id;
        private final String title;
        private final DocumentSnapshot content;
        private final Instant at;
        private final List<OutboxMessage> announce;

        Create(String id, String title, DocumentSnapshot content, Instant at, List<OutboxMessage> announce) {
            this.id = id;
            this.title = title;
            this.content = content;
            this.at = at;
            this.announce = announce;
        }

        @Override
        Boolean apply(SqlConnection db) throws SQLException, Refused {
            PreparedStatement insert = db.prepare("INSERT INTO documents (id, title, version, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
            insert.setString(1, id);
            insert.setString(2, title);
            insert.setLong(3, content.version());
            insert.setLong(4, Rows.micros(at));
            insert.setLong(5, Rows.micros(at));
            if (insert.executeUpdate() == 0) {
                return false;
            }
            insertSnapshot(db, id, content);
            enqueue(db, announce);
            return true;
        }
    }

    static final class Rename extends Write<Boolean> {
        private final String id;
        private final String title;
        private final Instant at;

        Rename(String id, String title, Instant at) {
            this.id = id;
            this.title = title;
            this.at = at;
        }

        @Override
        Boolean apply(SqlConnection db) throws SQLException {
            PreparedStatement update = db.prepare(
                    "UPDATE documents SET title = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL");
            update.setString(1, title);
            update.setLong(2, Rows.micros(at));
            update.setString(3, id);
            return update.executeUpdate() > 0;
        }
    }

    static final class Delete extends Write<Boolean> {
        private final String id;
        private final Instant at;
        private final List<OutboxMessage> announce;

        Delete(String id, Instant at, List<OutboxMessage> announce) {
            this.id = id;
            this.at = at;
            this.announce = announce;
        }

        @Override
        Boolean apply(SqlConnection db) throws SQLException, Refused {
            PreparedStatement update = db.prepare(
                    "UPDATE documents SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL");
            update.setLong(1, Rows.micros(at));
            update.setString(2, id);
            if (update.executeUpdate() == 0) {
                return false;
            }
            enqueue(db, announce);
            return true;
        }
    }

    /** Consecutive ops of one document, in one savepoint: all of them commit, or none. */
    static final class Append extends Write<Void> {
        private final String id;
        private final List<CommittedOp> ops;

        Append(String id, List<CommittedOp> ops) {
            this.id = id;
            this.ops = ops;
        }

        /**
         * The version check is the document's update itself, made first: it moves the version on only from the one
         * before the first op (one statement where a read and an update were). It runs inside this transaction, so
         * it sees the ops earlier in the same batch: after a refused op of a document, its later ops in the batch
         * are refused too (their predecessor is missing).
         */
        @Override
        Void apply(SqlConnection db) throws SQLException, Refused {
            CommittedOp first = ops.get(0);
            CommittedOp last = ops.get(ops.size() - 1);
            PreparedStatement advance = db.prepare("UPDATE documents SET version = ?, updated_at = ?"
                    + " WHERE id = ? AND deleted_at IS NULL AND version = ?");
            advance.setLong(1, last.version());
            advance.setLong(2, Rows.micros(last.committedAt()));
            advance.setString(3, id);
            advance.setLong(4, first.version() - 1);
            if (advance.executeUpdate() == 0) {
                if (liveVersion(db, id) < 0) {
                    throw new Refused(new IllegalStateException("no document " + id));
                }
                throw new Refused(new VersionConflictException(id, first.version()));
            }
            PreparedStatement insert = db.prepare("INSERT INTO ops (document_id, " + Rows.OP_COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)");
            long expected = first.version();
            for (CommittedOp op : ops) {
                if (op.version() != expected++) {
                    throw new Refused(new VersionConflictException(id, op.version()));
                }
                insert.setString(1, id);
                insert.setLong(2, op.version());
                insert.setString(3, op.clientId());
                insert.setLong(4, op.seq());
                insert.setString(5, Rows.json(op.delta()));
                insert.setString(6, op.author());
                insert.setLong(7, Rows.micros(op.committedAt()));
                insert.executeUpdate();
            }
            return null;
        }

        @Override
        public String toString() {
            CommittedOp first = ops.get(0);
            String versions = ops.size() == 1 ? "v" + first.version()
                    : "v" + first.version() + "–v" + ops.get(ops.size() - 1).version();
            return "append " + id + " " + versions + " (" + first.clientId() + " #" + first.seq() + ")";
        }
    }

    static final class Snapshot extends Write<Void> {
        private final String id;
        private final DocumentSnapshot snapshot;

        Snapshot(String id, DocumentSnapshot snapshot) {
            this.id = id;
            this.snapshot = snapshot;
        }

        @Override
        Void apply(SqlConnection db) throws SQLException, Refused {
            PreparedStatement select = db.prepare("SELECT version FROM documents WHERE id = ?");
            select.setString(1, id);
            long current;
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                current = row.getLong(1);
            }
            if (snapshot.version() > current) {
                // A snapshot ahead of the log would make load() skip ops that were never stored.
                throw new Refused(new IllegalArgumentException("snapshot version " + snapshot.version()
                        + " is beyond document " + id + "'s version " + current));
            }
            insertSnapshot(db, id, snapshot);
            return null;
        }
    }

    static final class Save extends Write<SavedVersion> {
        private final String id;
        private final SaveRequest request;

        Save(String id, SaveRequest request) {
            this.id = id;
            this.request = request;
        }

        /** Runs after the appends queued before it (same writer, same or earlier batch), so their versions count. */
        @Override
        SavedVersion apply(SqlConnection db) throws SQLException, Refused {
            long current = liveVersion(db, id);
            if (current < 0) {
                throw new Refused(new IllegalStateException("no document " + id));
            }
            if (request.documentVersion() > current) {
                throw new Refused(new IllegalArgumentException("cannot save version " + request.documentVersion()
                        + " of document " + id + ": its version is " + current));
            }
            PreparedStatement last = db.prepare("SELECT number, document_version FROM saved_versions"
                    + " WHERE document_id = ? ORDER BY number DESC LIMIT 1");
            last.setString(1, id);
            long number = 1;
            long previous = 0;
            try (ResultSet row = last.executeQuery()) {
                if (row.next()) {
                    number = row.getLong(1) + 1;
                    previous = row.getLong(2);
                }
            }
            SavedVersion saved = request.numbered(id, number, previous);
            PreparedStatement insert = db.prepare("INSERT INTO saved_versions (document_id, " + Rows.SAVE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            insert.setString(1, id);
            insert.setLong(2, saved.number());
            insert.setLong(3, saved.documentVersion());
            insert.setLong(4, saved.previousDocumentVersion());
            insert.setString(5, saved.title());
            insert.setString(6, saved.trigger().wire());
            insert.setString(7, saved.savedBy());
            insert.setLong(8, Rows.micros(saved.savedAt()));
            insert.setString(9, saved.label());
            insert.executeUpdate();
            enqueue(db, request, saved);
            return saved;
        }

        /** The save's messages and deliveries, on this connection: they commit or roll back with the save. */
        private static void enqueue(SqlConnection db, SaveRequest request, SavedVersion saved)
                throws SQLException, Refused {
            List<OutboxMessage> messages;
            try {
                messages = request.outbox().messagesFor(saved);
            } catch (RuntimeException e) {
                // Refused, not thrown: a failing factory must cost only this save, not the whole group commit.
                throw new Refused(e);
            }
            Writes.enqueue(db, messages);
        }

        @Override
        public String toString() {
            return "save " + id + " v" + request.documentVersion();
        }
    }

    /** Webhook messages and their deliveries, in the open transaction of the change they announce. */
    private static void enqueue(SqlConnection db, List<OutboxMessage> messages) throws SQLException, Write.Refused {
        for (OutboxMessage message : messages) {
            if (WebhookRows.enqueue(db, message) < 0) {
                throw new Write.Refused(new IllegalStateException("outbox message " + message.id() + " exists"));
            }
        }
    }

    private static void insertSnapshot(SqlConnection db, String id, DocumentSnapshot snapshot) throws SQLException {
        PreparedStatement insert = db.prepare("INSERT INTO snapshots (document_id, version, content)"
                + " VALUES (?, ?, ?) ON CONFLICT (document_id, version) DO NOTHING");
        insert.setString(1, id);
        insert.setLong(2, snapshot.version());
        insert.setString(3, Rows.json(snapshot.content()));
        insert.executeUpdate();
    }
}
