package dev.quire.store.postgres;

import dev.quire.store.CommittedOp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an append after a head reads under the document's row lock, in one query (one round trip while other nodes
 * wait for the lock, where it was three): the ops other nodes committed after the head, the ops of the log that
 * carry one of the append's (client, seq) pairs (a resend committed already), and the fences of its clients.
 *
 * @param others           the ops in (head, current], in version order
 * @param alreadyCommitted the ops of the log with the (client, seq) of one of the append's ops, in version order
 * @param fences           client id → lowest acceptable seq, for the append's clients that have a fence
 */
record AppendReads(List<CommittedOp> others, List<CommittedOp> alreadyCommitted, Map<String, Long> fences) {
    private static final int OTHERS = 0;
    private static final int ALREADY_COMMITTED = 1;
    private static final int FENCE = 2;

    /**
     * The three reads as one: each row is tagged with its part (the last column); a fence row fills the op's columns
     * with its client and lowest seq. Every part probes an index whatever plan it gets: the range of versions and
     * the fences by their primary keys, and the (client, seq) pairs one by one (a lateral subquery that LIMIT keeps
     * from being flattened into a join the planner could make a hash join over the document's whole log, as it did
     * with a plan made when the log was empty).
     */
    static final String QUERY = "SELECT " + Rows.OP_COLUMNS + ", " + OTHERS + " AS part FROM ops"
            + " WHERE document_id = ? AND version > ? AND version <= ?"
            + " UNION ALL SELECT o.*, " + ALREADY_COMMITTED
            + " FROM unnest(?::text[], ?::bigint[]) AS p (c, s) CROSS JOIN LATERAL (SELECT " + Rows.OP_COLUMNS
            + " FROM ops WHERE document_id = ? AND client_id = p.c AND client_seq = p.s LIMIT 1) AS o"
            + " UNION ALL SELECT NULL, client_id, lowest_seq, NULL, NULL, NULL, " + FENCE + " FROM client_fences"
            + " WHERE document_id = ? AND client_id = ANY (?::text[])"
            + " ORDER BY 7, 1";

    static AppendReads read(Connection db, String id, long head, long current, List<List<CommittedOp>> messages)
            throws SQLException {
        List<String> clientIds = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        Set<String> clients = new LinkedHashSet<>();
        for (List<CommittedOp> message : messages) {
            for (CommittedOp op : message) {
                clientIds.add(op.clientId());
                seqs.add(op.seq());
                clients.add(op.clientId());
            }
        }
        List<CommittedOp> others = new ArrayList<>();
        List<CommittedOp> found = new ArrayList<>();
        Map<String, Long> fences = new HashMap<>();
        try (PreparedStatement select = db.prepareStatement(QUERY)) {
            select.setString(1, id);
            select.setLong(2, head);
            select.setLong(3, current);
            select.setArray(4, db.createArrayOf("text", clientIds.toArray()));
            select.setArray(5, db.createArrayOf("bigint", seqs.toArray()));
            select.setString(6, id);
            select.setString(7, id);
            select.setArray(8, db.createArrayOf("text", clients.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    switch (rows.getInt(7)) {
                        case OTHERS -> others.add(Rows.op(rows));
                        case ALREADY_COMMITTED -> found.add(Rows.op(rows));
                        default -> fences.put(rows.getString(2), rows.getLong(3));
                    }
                }
            }
        }
        return new AppendReads(others, found, fences);
    }
}
