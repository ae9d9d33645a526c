package dev.quire.store.postgres;

import dev.quire.store.CommittedOp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * Clients' fences (their lowest acceptable seq on a document): written by a join that names a message in flight not
 * in the log, read by every append under the document's row lock ({@link AppendReads}; docs/cluster.md).
 */
final class ClientFences {
    private ClientFences() {
    }

    /**
     * The client's committed op with the highest seq, read with the document's row locked; if its seq is below {@code
     * inFlightSeq}, the client's fence is raised to {@code inFlightSeq + 1} in the same transaction, so no append can
     * come between the read and the fence.
     */
    static final class Fence extends Write<Optional<CommittedOp>> {
        private final String id;
        private final String clientId;
        private final long inFlightSeq;

        Fence(String id, String clientId, long inFlightSeq) {
            this.id = id;
            this.clientId = clientId;
            this.inFlightSeq = inFlightSeq;
        }

        @Override
        String documentId() {
            return id;
        }

        @Override
        Optional<CommittedOp> apply(Connection db, MovedHeads heads) throws SQLException {
            if (DocumentWrites.liveVersion(db, heads, id) < 0) {
                return Optional.empty();
            }
            CommittedOp last;
            try (PreparedStatement select = db.prepareStatement("SELECT " + Rows.OP_COLUMNS + " FROM ops"
                    + " WHERE document_id = ? AND client_id = ? ORDER BY client_seq DESC LIMIT 1")) {
                select.setString(1, id);
                select.setString(2, clientId);
                try (ResultSet row = select.executeQuery()) {
                    last = row.next() ? Rows.op(row) : null;
                }
            }
            if (last == null || last.seq() < inFlightSeq) {
                try (PreparedStatement upsert = db.prepareStatement("INSERT INTO client_fences"
                        + " (document_id, client_id, lowest_seq) VALUES (?, ?, ?) ON CONFLICT (document_id, client_id)"
                        + " DO UPDATE SET lowest_seq = GREATEST(client_fences.lowest_seq, EXCLUDED.lowest_seq)")) {
                    upsert.setString(1, id);
                    upsert.setString(2, clientId);
                    upsert.setLong(3, inFlightSeq + 1);
                    upsert.executeUpdate();
                }
            }
            return Optional.ofNullable(last);
        }

        @Override
        public String toString() {
            return "fence " + id + " " + clientId + " above #" + inFlightSeq;
        }
    }
}
