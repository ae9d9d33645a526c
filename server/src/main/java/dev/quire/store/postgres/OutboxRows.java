package dev.quire.store.postgres;

import dev.quire.webhook.Attempt;
import dev.quire.webhook.Delivery;
import dev.quire.webhook.Endpoint;
import dev.quire.store.OutboxMessage;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How webhook values are stored, and the outbox insert that both the webhook store and a document change's
 * transaction run on their connection. Stateless and thread-safe.
 */
final class OutboxRows {
    static final String ENDPOINT_COLUMNS = "id, url, description, event_types, document_ids, enabled, disabled_reason,"
            + " secret, previous_secret, previous_secret_expires_at, failing_since, created_at, updated_at";
    static final String DELIVERY_COLUMNS = "d.message_id, d.endpoint_id, d.state, d.attempts, d.failures,"
            + " d.next_attempt_at, d.leased_until, d.last_error";
    static final String MESSAGE_COLUMNS = "id, event_type, document_id, body, created_at";
    static final String ATTEMPT_COLUMNS = "message_id, endpoint_id, number, at, status_code, latency_ns, error";

    private OutboxRows() {
    }

    /** {@link #enqueue} of each message; a taken message id refuses the change that announces it. */
    static void enqueueAll(Connection db, List<OutboxMessage> messages) throws SQLException, Write.Refused {
        for (OutboxMessage message : messages) {
            if (enqueue(db, message) < 0) {
                throw new Write.Refused(new IllegalStateException("outbox message " + message.id() + " exists"));
            }
        }
    }

    /**
     * Inserts {@code message} and a pending delivery for every endpoint that wants it, in the caller's open
     * transaction. @return the number of deliveries; -1 if the message id is taken (nothing inserted)
     */
    static int enqueue(Connection db, OutboxMessage message) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO webhook_messages (" + MESSAGE_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            insert.setString(1, message.id());
            insert.setString(2, message.eventType());
            insert.setString(3, message.documentId());
            insert.setString(4, message.body());
            Rows.setInstant(insert, 5, message.createdAt());
            if (insert.executeUpdate() == 0) {
                return -1;
            }
        }
        // Few endpoints, and the subscription rule lives in Endpoint.wants: filter in Java, not in SQL.
        int created = 0;
        for (Endpoint endpoint : endpoints(db, " WHERE enabled")) {
            if (endpoint.wants(message)) {
                putDelivery(db, Delivery.pending(message.id(), endpoint.id(), message.createdAt()));
                created++;
            }
        }
        return created;
    }

    /** Endpoints in creation order; {@code where} is fixed SQL (no user text). */
    static List<Endpoint> endpoints(Connection db, String where, Object... args) throws SQLException {
        return endpoints(db, where, "", args);
    }

    /** {@link #endpoints} with their rows locked until the transaction ends. */
    static List<Endpoint> lockedEndpoints(Connection db, String where, Object... args) throws SQLException {
        return endpoints(db, where, " FOR UPDATE", args);
    }

    private static List<Endpoint> endpoints(Connection db, String where, String lock, Object... args)
            throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints"
                + where + " ORDER BY seq" + lock)) {
            bind(select, args);
            List<Endpoint> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(endpoint(rows));
                }
            }
            return found;
        }
    }

    /** Inserts the endpoint, or replaces its row (keeping its place in creation order). */
    static void putEndpoint(Connection db, Endpoint e, boolean insert) throws SQLException {
        try (PreparedStatement write = db.prepareStatement(insert
                ? "INSERT INTO webhook_endpoints (" + ENDPOINT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                : "UPDATE webhook_endpoints SET id = ?, url = ?, description = ?, event_types = ?, document_ids = ?,"
                + " enabled = ?, disabled_reason = ?, secret = ?, previous_secret = ?, previous_secret_expires_at = ?,"
                + " failing_since = ?, created_at = ?, updated_at = ? WHERE id = ?")) {
            write.setString(1, e.id());
            write.setString(2, e.url().toString());
            write.setString(3, e.description());
            Rows.setNames(write, 4, e.eventTypes());
            Rows.setNames(write, 5, e.documentIds());
            write.setBoolean(6, e.enabled());
            write.setString(7, e.disabledReason());
            write.setString(8, e.secret());
            write.setString(9, e.previousSecret());
            Rows.setInstant(write, 10, e.previousSecretExpiresAt());
            Rows.setInstant(write, 11, e.failingSince());
            Rows.setInstant(write, 12, e.createdAt());
            Rows.setInstant(write, 13, e.updatedAt());
            if (!insert) {
                write.setString(14, e.id());
            }
            write.executeUpdate();
        }
    }

    /** Deliveries joined with their message ({@code m}) and endpoint ({@code e}); {@code where} is fixed SQL. */
    static List<Delivery> deliveries(Connection db, String where, Object... args) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT " + DELIVERY_COLUMNS
                + " FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id"
                + " JOIN webhook_endpoints e ON e.id = d.endpoint_id" + where)) {
            bind(select, args);
            List<Delivery> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(new Delivery(rows.getString(1), rows.getString(2),
                            Delivery.State.valueOf(rows.getString(3).toUpperCase(Locale.ROOT)), rows.getInt(4),
                            rows.getInt(5), Rows.instant(rows, 6), Rows.instant(rows, 7), rows.getString(8)));
                }
            }
            return found;
        }
    }

    static void putDelivery(Connection db, Delivery d) throws SQLException {
        try (PreparedStatement write = db.prepareStatement("INSERT INTO webhook_deliveries (message_id, endpoint_id,"
                + " state, attempts, failures, next_attempt_at, leased_until, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (message_id, endpoint_id) DO UPDATE SET state = excluded.state,"
                + " attempts = excluded.attempts, failures = excluded.failures,"
                + " next_attempt_at = excluded.next_attempt_at, leased_until = excluded.leased_until,"
                + " last_error = excluded.last_error")) {
            write.setString(1, d.messageId());
            write.setString(2, d.endpointId());
            write.setString(3, d.state().wire());
            write.setInt(4, d.attempts());
            write.setInt(5, d.failures());
            Rows.setInstant(write, 6, d.nextAttemptAt());
            Rows.setInstant(write, 7, d.leasedUntil());
            write.setString(8, d.lastError());
            write.executeUpdate();
        }
    }

    static OutboxMessage message(ResultSet row) throws SQLException {
        return new OutboxMessage(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                Rows.instant(row, 5));
    }

    static void insertAttempt(Connection db, Attempt a) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO webhook_attempts (" + ATTEMPT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, a.messageId());
            insert.setString(2, a.endpointId());
            insert.setInt(3, a.number());
            Rows.setInstant(insert, 4, a.at());
            if (a.statusCode() == null) {
                insert.setNull(5, Types.INTEGER);
            } else {
                insert.setInt(5, a.statusCode());
            }
            insert.setLong(6, a.latency().toNanos());
            insert.setString(7, a.error());
            insert.executeUpdate();
        }
    }

    static Attempt attempt(ResultSet row) throws SQLException {
        int status = row.getInt(5);
        Integer statusCode = row.wasNull() ? null : status;
        return new Attempt(row.getString(1), row.getString(2), row.getInt(3), Rows.instant(row, 4), statusCode,
                Duration.ofNanos(row.getLong(6)), row.getString(7));
    }

    private static Endpoint endpoint(ResultSet row) throws SQLException {
        return new Endpoint(row.getString(1), URI.create(row.getString(2)), row.getString(3), Rows.names(row, 4),
                Rows.names(row, 5), row.getBoolean(6), row.getString(7), row.getString(8), row.getString(9),
                Rows.instant(row, 10), Rows.instant(row, 11), Rows.instant(row, 12), Rows.instant(row, 13));
    }

    /** Binds strings, numbers and instants ({@link Rows#setInstant}); null as a typed null of its column. */
    static void bind(PreparedStatement statement, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof java.time.Instant at) {
                Rows.setInstant(statement, i + 1, at);
            } else if (args[i] == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            } else {
                statement.setObject(i + 1, args[i]);
            }
        }
    }
}
