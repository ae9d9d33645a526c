package dev.quire.store.postgres;

import dev.quire.store.Appended;
import dev.quire.store.CommittedOp;
import dev.quire.store.DocumentSnapshot;
import dev.quire.store.OutboxMessage;
import dev.quire.store.SaveRequest;
import dev.quire.store.SaveTrigger;
import dev.quire.store.SavedVersion;
import dev.quire.store.VersionConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The document writes, each run by the writer inside a group commit with its document's row locked. */
final class DocumentWrites {
    private DocumentWrites() {
    }

    /**
     * The head version of the live document {@code id} as this batch has moved it so far, or -1 if there is none; its
     * row is locked by the writer, which read its head with the lock (a query only for a row it did not lock).
     */
    static long liveVersion(Connection db, MovedHeads heads, String id) throws SQLException {
        if (heads.knows(id)) {
            return heads.liveVersion(id);
        }
        try (PreparedStatement select = db.prepareStatement(
                "SELECT version FROM documents WHERE id = ? AND deleted_at IS NULL")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? heads.version(id, row.getLong(1)) : -1;
            }
        }
    }

    /** A write of one document: locked by the writer before the batch runs. */
    private abstract static class OfDocument<T> extends Write<T> {
        final String id;

        OfDocument(String id) {
            this.id = id;
        }

        @Override
        String documentId() {
            return id;
        }
    }

    static final class Create extends OfDocument<Boolean> {
        private final String title;
        private final DocumentSnapshot content;
        private final Instant at;
        private final List<OutboxMessage> announce;

        Create(String id, String title, DocumentSnapshot content, Instant at, List<OutboxMessage> announce) {
            super(id);
            this.title = title;
            this.content = content;
            this.at = at;
            this.announce = announce;
        }

        @Override
        boolean createsDocument() {
            return true;
        }

        /** Another node creating the same id at once waits for the id's lock, then finds it taken: one of them wins. */
        @Override
        Boolean apply(Connection db, MovedHeads heads) throws SQLException, Refused {
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO documents"
                    + " (id, title, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, id);
                insert.setString(2, title);
                insert.setLong(3, content.version());
                Rows.setInstant(insert, 4, at);
                Rows.setInstant(insert, 5, at);
                if (insert.executeUpdate() == 0) {
                    return false;
                }
            }
            insertSnapshot(db, id, content);
            OutboxRows.enqueueAll(db, announce);
            return true;
        }
    }

    static final class Rename extends OfDocument<Boolean> {
        private final String title;
        private final Instant at;

        Rename(String id, String title, Instant at) {
            super(id);
            this.title = title;
            this.at = at;
        }

        @Override
        Boolean apply(Connection db, MovedHeads heads) throws SQLException {
            try (PreparedStatement update = db.prepareStatement(
                    "UPDATE documents SET title = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL")) {
                update.setString(1, title);
                Rows.setInstant(update, 2, at);
                update.setString(3, id);
                return update.executeUpdate() > 0;
            }
        }
    }

    static final class Delete extends OfDocument<Boolean> {
        private final Instant at;
        private final List<OutboxMessage> announce;

        Delete(String id, Instant at, List<OutboxMessage> announce) {
            super(id);
            this.at = at;
            this.announce = announce;
        }

        @Override
        Boolean apply(Connection db, MovedHeads heads) throws SQLException, Refused {
            try (PreparedStatement update = db.prepareStatement(
                    "UPDATE documents SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")) {
                Rows.setInstant(update, 1, at);
                update.setString(2, id);
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            heads.deleted(id);
            OutboxRows.enqueueAll(db, announce);
            return true;
        }
    }

    /** Consecutive ops of one document, in one savepoint: all of them commit, or none. */
    static final class Append extends OfDocument<Void> {
        private final List<CommittedOp> ops;
        private boolean applied; // written and read by the writer thread only

        Append(String id, List<CommittedOp> ops) {
            super(id);
            this.ops = ops;
        }

        long firstVersion() {
            return ops.get(0).version();
        }

        /**
         * The head is read under the row lock, so it includes every other node's commit and this batch's earlier
         * ops: after a refused op of a document, its later ops in the batch are refused too.
         */
        @Override
        Void apply(Connection db, MovedHeads heads) throws SQLException, Refused {
            long current = liveVersion(db, heads, id);
            if (current < 0) {
                throw new Refused(new IllegalStateException("no document " + id));
            }
            for (CommittedOp op : ops) {
                if (op.version() != ++current) {
                    throw new Refused(new VersionConflictException(id, op.version()));
                }
            }
            insertOps(db, id, ops);
            applied = true;
            return null;
        }

        @Override
        Head committedHead() {
            return applied ? head(id, ops) : null;
        }

        @Override
        public String toString() {
            CommittedOp first = ops.get(0);
            return "append " + id + " v" + first.version() + (ops.size() > 1 ? "–v" + ops.get(ops.size() - 1).version()
                    : "") + " (" + first.clientId() + " #" + first.seq() + ")";
        }
    }

    /**
     * Ops made on top of a head the caller knew, committed after whatever other nodes committed since: read under the
     * row lock, so nothing can come between the read and the commit, and no node ever retries for a lost race.
     */
    static final class AppendAfter extends OfDocument<Appended> {
        private final long head;
        private final List<List<CommittedOp>> messages;
        private Head committedHead; // written and read by the writer thread only

        AppendAfter(String id, long head, List<List<CommittedOp>> messages) {
            super(id);
            this.head = head;
            this.messages = messages;
        }

        @Override
        Appended apply(Connection db, MovedHeads heads) throws SQLException, Refused {
            long current = liveVersion(db, heads, id);
            if (current < 0) {
                throw new Refused(new IllegalStateException("no document " + id));
            }
            if (head > current) {
                throw new Refused(new IllegalArgumentException("head " + head + " of document " + id
                        + " is beyond its committed version " + current));
            }
            AppendReads reads = AppendReads.read(db, id, head, current, messages);
            if (!reads.alreadyCommitted().isEmpty()) {
                return new Appended(reads.others(), List.of(), reads.alreadyCommitted());
            }
            Appended appended = Appended.admitting(reads.others(), messages, reads.fences(), current);
            if (!appended.ours().isEmpty()) {
                insertOps(db, id, appended.ours());
                committedHead = head(id, appended.ours());
            }
            return appended;
        }

        /** Its one write is the insert of its ops, after the reads that can refuse them. */
        @Override
        boolean writesOnceAfterItsChecks() {
            return true;
        }

        @Override
        Head committedHead() {
            return committedHead;
        }

        @Override
        public String toString() {
            CommittedOp first = messages.get(0).get(0);
            return "append after " + id + " v" + head + " (" + messages.size() + " messages, the first from "
                    + first.clientId() + " #" + first.seq() + ")";
        }
    }

    /** The head {@code ops} make, which continue the document's head: the writer writes it to the row. */
    private static Write.Head head(String id, List<CommittedOp> ops) {
        CommittedOp last = ops.get(ops.size() - 1);
        return new Write.Head(id, last.version(), last.committedAt());
    }

    /**
     * Inserts {@code ops}, which continue the document's head, in one statement (a round trip per op was most of a
     * busy document's time under its lock); the row keeps its version until the batch ends. Each op's delta, author
     * and instant are bound as arrays of text.
     */
    private static void insertOps(Connection db, String id, List<CommittedOp> ops) throws SQLException {
        int n = ops.size();
        Object[] versions = new Object[n];
        Object[] clients = new Object[n];
        Object[] seqs = new Object[n];
        Object[] deltas = new Object[n];
        Object[] authors = new Object[n];
        Object[] instants = new Object[n];
        for (int i = 0; i < n; i++) {
            CommittedOp op = ops.get(i);
            versions[i] = op.version();
            clients[i] = op.clientId();
            seqs[i] = op.seq();
            deltas[i] = Rows.json(op.delta());
            authors[i] = op.author();
            instants[i] = Rows.timestamp(op.committedAt());
        }
        try (PreparedStatement insert = db.prepareStatement(INSERT_OPS)) {
            insert.setString(1, id);
            insert.setArray(2, db.createArrayOf("bigint", versions));
            insert.setArray(3, db.createArrayOf("text", clients));
            insert.setArray(4, db.createArrayOf("bigint", seqs));
            insert.setArray(5, db.createArrayOf("text", deltas));
            insert.setArray(6, db.createArrayOf("text", authors));
            insert.setArray(7, db.createArrayOf("text", instants));
            insert.executeUpdate();
        }
    }

    private static final String INSERT_OPS = "INSERT INTO ops (document_id, " + Rows.OP_COLUMNS + ")"
            + " SELECT ?, v, c, s, d, a, t::timestamptz"
            + " FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[]) AS u (v, c, s, d, a, t)";

    static final class Snapshot extends OfDocument<Void> {
        private final DocumentSnapshot snapshot;

        Snapshot(String id, DocumentSnapshot snapshot) {
            super(id);
            this.snapshot = snapshot;
        }

        @Override
        Void apply(Connection db, MovedHeads heads) throws SQLException, Refused {
            long current;
            try (PreparedStatement select = db.prepareStatement("SELECT version FROM documents WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    current = heads.version(id, row.getLong(1));
                }
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

    /**
     * Numbered under the document's row lock, so saves made on two nodes at once get different numbers. An autosave
     * of a version that a saved version already covers (same or later document version) records nothing and
     * announces nothing: it answers that saved version. Every node with the document open autosaves it, and only the
     * first of them must make a saved version and a webhook event; the unique index of autosaves per document version
     * (V2) holds it even if this check were skipped.
     */
    static final class Save extends OfDocument<SavedVersion> {
        private final SaveRequest request;

        Save(String id, SaveRequest request) {
            super(id);
            this.request = request;
        }

        @Override
        SavedVersion apply(Connection db, MovedHeads heads) throws SQLException, Refused {
            long current = liveVersion(db, heads, id);
            if (current < 0) {
                throw new Refused(new IllegalStateException("no document " + id));
            }
            if (request.documentVersion() > current) {
                throw new Refused(new IllegalArgumentException("cannot save version " + request.documentVersion()
                        + " of document " + id + ": its version is " + current));
            }
            if (request.trigger() == SaveTrigger.AUTO) {
                SavedVersion covering = covering(db);
                if (covering != null) {
                    return covering;
                }
            }
            long number = 1;
            long previous = 0;
            try (PreparedStatement last = db.prepareStatement("SELECT number, document_version FROM saved_versions"
                    + " WHERE document_id = ? ORDER BY number DESC LIMIT 1")) {
                last.setString(1, id);
                try (ResultSet row = last.executeQuery()) {
                    if (row.next()) {
                        number = row.getLong(1) + 1;
                        previous = row.getLong(2);
                    }
                }
            }
            SavedVersion saved = request.numbered(id, number, previous);
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO saved_versions (document_id, "
                    + Rows.SAVE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setLong(2, saved.number());
                insert.setLong(3, saved.documentVersion());
                insert.setLong(4, saved.previousDocumentVersion());
                insert.setString(5, saved.title());
                insert.setString(6, saved.trigger().wire());
                insert.setString(7, saved.savedBy());
                Rows.setInstant(insert, 8, saved.savedAt());
                insert.setString(9, saved.label());
                insert.executeUpdate();
            }
            List<OutboxMessage> messages;
            try {
                messages = request.outbox().messagesFor(saved);
            } catch (RuntimeException e) {
                throw new Refused(e); // a failing factory costs only this save, not the whole group commit
            }
            OutboxRows.enqueueAll(db, messages);
            return saved;
        }

        /** The newest saved version at or after the requested document version, or null. */
        private SavedVersion covering(Connection db) throws SQLException {
            try (PreparedStatement select = db.prepareStatement("SELECT " + Rows.SAVE_COLUMNS + " FROM saved_versions"
                    + " WHERE document_id = ? AND document_version >= ? ORDER BY number DESC LIMIT 1")) {
                select.setString(1, id);
                select.setLong(2, request.documentVersion());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Rows.saved(id, row) : null;
                }
            }
        }

        @Override
        public String toString() {
            return "save " + id + " v" + request.documentVersion();
        }
    }

    private static void insertSnapshot(Connection db, String id, DocumentSnapshot snapshot) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO snapshots (document_id, version, content)"
                + " VALUES (?, ?, ?) ON CONFLICT (document_id, version) DO NOTHING")) {
            insert.setString(1, id);
            insert.setLong(2, snapshot.version());
            insert.setString(3, Rows.json(snapshot.content()));
            insert.executeUpdate();
        }
    }
}
