package dev.quire.store.sqlite;

import dev.quire.auth.AccessGrant;
import dev.quire.auth.AccessGrantStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link AccessGrantStore} in the documents' SQLite file ({@link SqliteDocumentStore#accessGrants()}), on its
 * writer and read pool. Thread-safe.
 */
public final class SqliteAccessGrantStore implements AccessGrantStore {
    private static final String COLUMNS = "id, kind, secret_hash, label, scopes, document_ids, role, created_at,"
            + " expires_at, revoked_at, created_by";

    private final GroupCommitWriter writer;
    private final ReadPool readers;

    SqliteAccessGrantStore(GroupCommitWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public void create(AccessGrant grant) {
        write(db -> {
            if (!select(db, " WHERE id = ? OR secret_hash = ?", grant.id(), grant.secretHash()).isEmpty()) {
                throw new Write.Refused(new IllegalArgumentException("grant " + grant.id() + " or its secret exists"));
            }
            PreparedStatement insert = db.prepare("INSERT INTO access_grants (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            insert.setString(1, grant.id());
            insert.setString(2, grant.kind().wire());
            insert.setString(3, grant.secretHash());
            insert.setString(4, grant.label());
            insert.setString(5, Rows.json(grant.scopes()));
            insert.setString(6, Rows.json(grant.documentIds()));
            insert.setString(7, grant.role());
            insert.setLong(8, Rows.micros(grant.createdAt()));
            setInstant(insert, 9, grant.expiresAt());
            setInstant(insert, 10, grant.revokedAt());
            insert.setString(11, grant.createdBy());
            insert.executeUpdate();
            return null;
        });
    }

    @Override
    public Optional<AccessGrant> findBySecretHash(String secretHash) {
        return readers.read(db -> select(db, " WHERE secret_hash = ?", secretHash).stream().findFirst());
    }

    @Override
    public Optional<AccessGrant> find(String id) {
        return readers.read(db -> select(db, " WHERE id = ?", id).stream().findFirst());
    }

    @Override
    public List<AccessGrant> list(AccessGrant.Kind kind, String documentId) {
        List<AccessGrant> all = readers.read(db -> select(db, " WHERE kind = ? ORDER BY created_at, rowid",
                kind.wire()));
        return documentId == null ? all : all.stream().filter(g -> g.documentIds().contains(documentId)).toList();
    }

    @Override
    public Optional<AccessGrant> revoke(String id, Instant at) {
        return write(db -> {
            Optional<AccessGrant> current = select(db, " WHERE id = ?", id).stream().findFirst();
            if (current.isEmpty() || current.get().revokedAt() != null) {
                return current;
            }
            PreparedStatement update = db.prepare("UPDATE access_grants SET revoked_at = ? WHERE id = ?");
            update.setLong(1, Rows.micros(at));
            update.setString(2, id);
            update.executeUpdate();
            return Optional.of(current.get().revoked(at));
        });
    }

    private static List<AccessGrant> select(SqlConnection db, String where, String... parameters)
            throws SQLException {
        PreparedStatement query = db.prepare("SELECT " + COLUMNS + " FROM access_grants" + where);
        for (int i = 0; i < parameters.length; i++) {
            query.setString(i + 1, parameters[i]);
        }
        List<AccessGrant> grants = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                grants.add(new AccessGrant(row.getString(1), AccessGrant.Kind.ofWire(row.getString(2)),
                        row.getString(3), row.getString(4), Rows.strings(row.getString(5), "grant list"),
                        Rows.strings(row.getString(6), "grant list"),
                        row.getString(7), Rows.instant(row.getLong(8)), instant(row, 9), instant(row, 10),
                        row.getString(11)));
            }
        }
        return grants;
    }

    private <T> T write(GroupCommitWriter.Step<T> step) {
        return writer.writeAndWait(step);
    }

    private static void setInstant(PreparedStatement statement, int index, Instant at) throws SQLException {
        if (at == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setLong(index, Rows.micros(at));
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long micros = row.getLong(column);
        return row.wasNull() ? null : Rows.instant(micros);
    }
}
