package dev.quire.store.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
    /**
     * The documents the writer locked, each with its row's version, or -1 if it is deleted: read with the lock, so a
     * write of the batch learns its head without a query of its own (a round trip inside the lock, which other nodes
     * wait for).
     */
    private final Map<String, Long> locked = new HashMap<>();

    /** Document {@code id}'s row was locked holding {@code rowVersion} ({@code live} false: deleted). */
    void locked(String id, long rowVersion, boolean live) {
        locked.put(id, live ? rowVersion : -1L);
    }

    /** Whether the lock's read of {@code id}'s row still holds, so {@link #liveVersion} can answer. */
    boolean knows(String id) {
        return locked.containsKey(id);
    }

    /** The head of the live document {@code id} as this batch has moved it, or -1 if deleted; {@link #knows} it. */
    long liveVersion(String id) {
        long row = locked.get(id);
        return row < 0 ? -1 : version(id, row);
    }

    /** A write of the batch deleted {@code id}. */
    void deleted(String id) {
        locked.put(id, -1L);
    }

    /**
     * A write's savepoint was rolled back: what it told of {@code id} may not hold, so the row is read again by the
     * next write that needs it.
     */
    void forget(String id) {
        locked.remove(id);
    }

    /** Records the head a released write committed; later writes of the batch see it. */
    void move(Write.Head head) {
        moved.put(head.documentId(), head);
    }

    /** The head of document {@code id} whose row holds {@code rowVersion}: the row's, or a later one of this batch. */
    long version(String id, long rowVersion) {
        Write.Head head = moved.get(id);
        return head == null ? rowVersion : Math.max(rowVersion, head.version());
    }

    /**
     * Every moved head written to its row and announced ({@code NOTIFY quire_commits, '<document> <version>'}), in one
     * statement: one round trip however many documents moved, made while the rows are still locked. The rows are
     * found by their key ({@code id = ANY}) and each takes its head from the arrays by its id's position, so that no
     * plan of it can scan the documents table.
     */
    static final String WRITE_AND_ANNOUNCE = "WITH moved AS (UPDATE documents d"
            + " SET version = (?::bigint[])[array_position(?::text[], d.id)],"
            + " updated_at = GREATEST(d.updated_at, ((?::text[])[array_position(?::text[], d.id)])::timestamptz)"
            + " WHERE d.id = ANY (?::text[]) RETURNING d.id, d.version)"
            + " SELECT pg_notify('" + GroupCommitWriter.CHANNEL + "', id || ' ' || version) FROM moved";

    /**
     * Writes each moved head to its row and announces it, in the transaction, so only committed heads are announced.
     * updated_at never goes back: a rename later in the batch may have set it to a later instant than the last op's.
     */
    void writeAndAnnounce(Connection db) throws SQLException {
        if (moved.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        List<String> instants = new ArrayList<>();
        for (Write.Head head : moved.values()) {
            ids.add(head.documentId());
            versions.add(head.version());
            instants.add(Rows.timestamp(head.at()));
        }
        Array idArray = db.createArrayOf("text", ids.toArray());
        try (PreparedStatement update = db.prepareStatement(WRITE_AND_ANNOUNCE)) {
            update.setArray(1, db.createArrayOf("bigint", versions.toArray()));
            update.setArray(2, idArray);
            update.setArray(3, db.createArrayOf("text", instants.toArray()));
            update.setArray(4, idArray);
            update.setArray(5, idArray);
            update.executeQuery().close();
        }
    }
}
