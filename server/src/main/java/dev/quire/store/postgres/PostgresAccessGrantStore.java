package dev.quire.store.postgres;

import dev.quire.auth.AccessGrant;
import dev.quire.auth.AccessGrantStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link AccessGrantStore} in the shared database ({@link PostgresDocumentStore#accessGrants()}): a token made
 * or revoked on one node holds on every node. Each method is one transaction on the pool. Thread-safe.
 */
public final class PostgresAccessGrantStore implements AccessGrantStore {
    private static final String COLUMNS = "id, kind, secret_hash, label, scopes, document_ids, role, created_at,"
            + " expires_at, revoked_at, created_by";

    private final Transactions transactions;

    PostgresAccessGrantStore(Transactions transactions) {
        this.transactions = transactions;
    }

    /** The keys decide: two nodes making the same id or secret at once cannot both succeed. */
    @Override
    public void create(AccessGrant grant) {
        transactions.write(db -> {
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO access_grants (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, grant.id());
                insert.setString(2, grant.kind().wire());
                insert.setString(3, grant.secretHash());
                insert.setString(4, grant.label());
                Rows.setNames(insert, 5, grant.scopes());
                Rows.setNames(insert, 6, grant.documentIds());
                insert.setString(7, grant.role());
                Rows.setInstant(insert, 8, grant.createdAt());
                Rows.setInstant(insert, 9, grant.expiresAt());
                Rows.setInstant(insert, 10, grant.revokedAt());
                insert.setString(11, grant.createdBy());
                if (insert.executeUpdate() == 0) {
                    throw new Write.Refused(new IllegalArgumentException("grant " + grant.id() + " or its secret exists"));
                }
            }
            return null;
        });
    }

    @Override
    public Optional<AccessGrant> findBySecretHash(String secretHash) {
        return transactions.read(db -> select(db, " WHERE secret_hash = ?", secretHash).stream().findFirst());
    }

    @Override
    public Optional<AccessGrant> find(String id) {
        return transactions.read(db -> select(db, " WHERE id = ?", id).stream().findFirst());
    }

    @Override
    public List<AccessGrant> list(AccessGrant.Kind kind, String documentId) {
        return transactions.read(db -> documentId == null
                ? select(db, " WHERE kind = ? ORDER BY created_at, seq", kind.wire())
                : select(db, " WHERE kind = ? AND ? = ANY (document_ids) ORDER BY created_at, seq", kind.wire(),
                        documentId));
    }

    @Override
    public Optional<AccessGrant> revoke(String id, Instant at) {
        return transactions.write(db -> {
            Optional<AccessGrant> current = select(db, " WHERE id = ? FOR UPDATE", id).stream().findFirst();
            if (current.isEmpty() || current.get().revokedAt() != null) {
                return current;
            }
            try (PreparedStatement update = db.prepareStatement("UPDATE access_grants SET revoked_at = ? WHERE id = ?")) {
                Rows.setInstant(update, 1, at);
                update.setString(2, id);
                update.executeUpdate();
            }
            return Optional.of(current.get().revoked(at));
        });
    }

    private static List<AccessGrant> select(Connection db, String where, String... parameters) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT " + COLUMNS + " FROM access_grants" + where)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            List<AccessGrant> grants = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    grants.add(new AccessGrant(row.getString(1), AccessGrant.Kind.ofWire(row.getString(2)),
                            row.getString(3), row.getString(4), Rows.names(row, 5), Rows.names(row, 6),
                            row.getString(7), Rows.instant(row, 8), Rows.instant(row, 9), Rows.instant(row, 10),
                            row.getString(11)));
                }
            }
            return grants;
        }
    }
}
