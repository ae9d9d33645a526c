package dev.quire.store.sqlite;

import dev.quire.store.Appended;
import dev.quire.store.CommittedOp;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Clients' fences (their lowest acceptable seq on a document) and the append that checks them, the same contract as
 * on PostgreSQL (docs/cluster.md), serialised by the one writer. A node alone never writes a fence, so appends read
 * the table only once it has a row: whether it has is read once and then kept here.
 *
 * <p>Confined to the writer thread.
 */
final class ClientFences {
    /** Whether the table may hold a row; null until read. A fence rolled back leaves it true: one read too many. */
    private Boolean any;

    private boolean any(SqlConnection db) throws SQLException {
        if (any == null) {
            try (ResultSet row = db.prepare("SELECT EXISTS (SELECT 1 FROM client_fences)").executeQuery()) {
                any = row.next() && row.getBoolean(1);
            }
        }
        return any;
    }

    /** The fences of the clients of {@code messages} on document {@code id}: client id → lowest acceptable seq. */
    Map<String, Long> of(SqlConnection db, String id, List<List<CommittedOp>> messages) throws SQLException {
        Map<String, Long> fences = new HashMap<>();
        if (!any(db)) {
            return fences;
        }
        PreparedStatement select = db.prepare(
                "SELECT lowest_seq FROM client_fences WHERE document_id = ? AND client_id = ?");
        for (List<CommittedOp> message : messages) {
            String clientId = message.get(0).clientId();
            select.setString(1, id);
            select.setString(2, clientId);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    fences.put(clientId, row.getLong(1));
                }
            }
        }
        return fences;
    }

    /** See {@link dev.quire.store.DocumentStore#lastBySeqFencing}: the read and the fence in one write. */
    Write<Optional<CommittedOp>> fence(String id, String clientId, long inFlightSeq) {
        return new Write<>() {
            @Override
            Optional<CommittedOp> apply(SqlConnection db) throws SQLException {
                if (Writes.liveVersion(db, id) < 0) {
                    return Optional.empty();
                }
                CommittedOp last = SqliteDocumentStore.Queries.lastBySeq(db, id, clientId);
                if (last == null || last.seq() < inFlightSeq) {
                    PreparedStatement upsert = db.prepare("INSERT INTO client_fences (document_id, client_id,"
                            + " lowest_seq) VALUES (?, ?, ?) ON CONFLICT (document_id, client_id)"
                            + " DO UPDATE SET lowest_seq = max(lowest_seq, excluded.lowest_seq)");
                    upsert.setString(1, id);
                    upsert.setString(2, clientId);
                    upsert.setLong(3, inFlightSeq + 1);
                    upsert.executeUpdate();
                    any = true;
                }
                return Optional.ofNullable(last);
            }
        };
    }

    /**
     * See {@link dev.quire.store.DocumentStore#appendAfter}: on one writer nothing else commits between its reads and
     * its inserts. Not the append of a node alone ({@code appendAll}), which checks its seqs in memory.
     */
    Write<Appended> appendAfter(String id, long head, List<List<CommittedOp>> messages) {
        return new Write<>() {
            @Override
            Appended apply(SqlConnection db) throws SQLException, Refused {
                long current = Writes.liveVersion(db, id);
                if (current < 0) {
                    throw new Refused(new IllegalStateException("no document " + id));
                }
                if (head > current) {
                    throw new Refused(new IllegalArgumentException("head " + head + " of document " + id
                            + " is beyond its committed version " + current));
                }
                List<CommittedOp> others = SqliteDocumentStore.Queries.ops(db, id, head, current);
                List<CommittedOp> found = alreadyCommitted(db, id, messages);
                if (!found.isEmpty()) {
                    return new Appended(others, List.of(), found);
                }
                Appended appended = Appended.admitting(others, messages, of(db, id, messages), current);
                if (!appended.ours().isEmpty()) {
                    new Writes.Append(id, appended.ours()).apply(db);
                }
                return appended;
            }
        };
    }

    private static List<CommittedOp> alreadyCommitted(SqlConnection db, String id, List<List<CommittedOp>> messages)
            throws SQLException {
        List<CommittedOp> found = new ArrayList<>();
        for (List<CommittedOp> message : messages) {
            for (CommittedOp op : message) {
                CommittedOp committed = SqliteDocumentStore.Queries.bySeq(db, id, op.clientId(), op.seq());
                if (committed != null) {
                    found.add(committed);
                }
            }
        }
        found.sort((a, b) -> Long.compare(a.version(), b.version()));
        return found;
    }
}
