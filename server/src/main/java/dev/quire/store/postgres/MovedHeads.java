package dev.quire.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The heads a group commit has moved so far, written to the documents' rows once, at its end, in the transaction
 * itself rather than in each write's savepoint.
 *
 * <p>Why not an UPDATE per write: the writer holds the row lock in the top transaction, and an UPDATE from a
 * savepoint (a subtransaction, another xid) has to record both in a MultiXact; with several appends of one document
 * per batch each left a dead row version too. Updated once by the locker itself, the row gets one new version per
 * batch and no MultiXact (docs/benchmarks.md, "Cluster mode: PostgreSQL's cost per op").
 *
 * <p>Owned by the writer thread, one per batch; not thread-safe.
 */
final class MovedHeads {
    private final Map<String, Write.Head> moved = new LinkedHashMap<>();

    /** Records the head a released write committed; later writes of the batch see it. */
    void move(Write.Head head) {
        moved.put(head.documentId(), head);
    }

    /** The head of document {@code id} whose row holds {@code rowVersion}: the row's, or a later one of this batch. */
    long version(String id, long rowVersion) {
        Write.Head head = moved.get(id);
        return head == null ? rowVersion : Math.max(rowVersion, head.version());
    }

    /** The heads moved, in the order first moved: what the writer announces. */
    Collection<Write.Head> heads() {
        return moved.values();
    }

    /**
     * Writes each moved head to its row. updated_at never goes back: a rename later in the batch may have set it to a
     * later instant than the last op's.
     */
    void write(Connection db) throws SQLException {
        if (moved.isEmpty()) {
            return;
        }
        try (PreparedStatement update = db.prepareStatement(
                "UPDATE documents SET version = ?, updated_at = GREATEST(updated_at, ?) WHERE id = ?")) {
            for (Write.Head head : moved.values()) {
                update.setLong(1, head.version());
                Rows.setInstant(update, 2, head.at());
                update.setString(3, head.documentId());
                update.executeUpdate();
            }
        }
    }
}
