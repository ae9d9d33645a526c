package dev.quire.store.sqlite;

import dev.quire.webhook.Attempt;
import dev.quire.webhook.Delivery;
import dev.quire.webhook.Endpoint;
import dev.quire.store.OutboxMessage;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How webhook values are stored (V3__webhooks.sql), and the outbox insert that both the webhook store and a save's
 * transaction ({@link Writes.Save}) run on the writer's connection. Stateless and thread-safe.
 */
final class WebhookRows {
    static final String ENDPOINT_COLUMNS = "id, url, description, event_types, document_ids, enabled, disabled_reason,"
            + " secret, previous_secret, previous_secret_expires_at, failing_since, created_at, updated_at";
    static final String DELIVERY_COLUMNS = "message_id, endpoint_id, state, attempts, failures, next_attempt_at,"
            + " leased_until, last_error";
    static final String MESSAGE_COLUMNS = "id, event_type, document_id, body, created_at";
    static final String ATTEMPT_COLUMNS = "message_id, endpoint_id, number, at, status_code, latency_ns, error";


    private WebhookRows() {
    }

    /**
     * Inserts {@code message} and a pending delivery for every endpoint that wants it, inside the caller's open
     * transaction. @return the number of deliveries; -1 if the message id is taken (nothing inserted)
     */
    static int enqueue(SqlConnection db, OutboxMessage message) throws SQLException {
        PreparedStatement insert = db.prepare("INSERT INTO webhook_messages (" + MESSAGE_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
        insert.setString(1, message.id());
        insert.setString(2, message.eventType());
        insert.setString(3, message.documentId());
        insert.setString(4, message.body());
        insert.setLong(5, Rows.micros(message.createdAt()));
        if (insert.executeUpdate() == 0) {
            return -1;
        }
        // Few endpoints, and the subscription rule lives in Endpoint.wants: filter in Java, not in SQL.
        int created = 0;
        for (Endpoint endpoint : endpoints(db, " WHERE enabled = 1")) {
            if (endpoint.wants(message)) {
                putDelivery(db, Delivery.pending(message.id(), endpoint.id(), message.createdAt()));
                created++;
            }
        }
        return created;
    }

    /** Endpoints in creation order; {@code where} is fixed SQL (no user text). */
    static List<Endpoint> endpoints(SqlConnection db, String where, Object... args) throws SQLException {
        PreparedStatement select = db.prepare("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints" + where
                + " ORDER BY rowid");
        bind(select, args);
        List<Endpoint> found = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                found.add(endpoint(rows));
            }
        }
        return found;
    }

    /** Inserts or replaces the endpoint's row (keeping its rowid, hence its place in creation order). */
    static void putEndpoint(SqlConnection db, Endpoint e, boolean insert) throws SQLException {
        PreparedStatement write = db.prepare(insert
                ? "INSERT INTO webhook_endpoints (" + ENDPOINT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                : "UPDATE webhook_endpoints SET id = ?, url = ?, description = ?, event_types = ?, document_ids = ?,"
                + " enabled = ?, disabled_reason = ?, secret = ?, previous_secret = ?, previous_secret_expires_at = ?,"
                + " failing_since = ?, created_at = ?, updated_at = ? WHERE id = ?");
        bind(write, e.id(), e.url().toString(), e.description(), Rows.json(e.eventTypes()), Rows.json(e.documentIds()),
                e.enabled() ? 1 : 0, e.disabledReason(), e.secret(), e.previousSecret(),
                micros(e.previousSecretExpiresAt()), micros(e.failingSince()), micros(e.createdAt()),
                micros(e.updatedAt()));
        if (!insert) {
            write.setString(14, e.id());
        }
        write.executeUpdate();
    }

    static List<Delivery> deliveries(SqlConnection db, String where, Object... args) throws SQLException {
        PreparedStatement select = db.prepare("SELECT " + prefixed("d.", DELIVERY_COLUMNS)
                + " FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id"
                + " JOIN webhook_endpoints e ON e.id = d.endpoint_id" + where);
        bind(select, args);
        List<Delivery> found = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                found.add(new Delivery(rows.getString(1), rows.getString(2),
                        Delivery.State.valueOf(rows.getString(3).toUpperCase(Locale.ROOT)), rows.getInt(4),
                        rows.getInt(5), instant(rows, 6), instant(rows, 7), rows.getString(8)));
            }
        }
        return found;
    }

    static void putDelivery(SqlConnection db, Delivery d) throws SQLException {
        PreparedStatement write = db.prepare("INSERT INTO webhook_deliveries (" + DELIVERY_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id, endpoint_id) DO UPDATE SET"
                + " state = excluded.state, attempts = excluded.attempts, failures = excluded.failures,"
                + " next_attempt_at = excluded.next_attempt_at, leased_until = excluded.leased_until,"
                + " last_error = excluded.last_error");
        bind(write, d.messageId(), d.endpointId(), d.state().wire(), d.attempts(), d.failures(),
                micros(d.nextAttemptAt()), micros(d.leasedUntil()), d.lastError());
        write.executeUpdate();
    }

    static OutboxMessage message(ResultSet row) throws SQLException {
        return new OutboxMessage(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                Rows.instant(row.getLong(5)));
    }

    static void insertAttempt(SqlConnection db, Attempt a) throws SQLException {
        PreparedStatement insert = db.prepare("INSERT INTO webhook_attempts (" + ATTEMPT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
        bind(insert, a.messageId(), a.endpointId(), a.number(), micros(a.at()), a.statusCode(),
                a.latency().toNanos(), a.error());
        insert.executeUpdate();
    }

    static Attempt attempt(ResultSet row) throws SQLException {
        int status = row.getInt(5);
        Integer statusCode = row.wasNull() ? null : status;
        return new Attempt(row.getString(1), row.getString(2), row.getInt(3), Rows.instant(row.getLong(4)),
                statusCode, Duration.ofNanos(row.getLong(6)), row.getString(7));
    }

    private static Endpoint endpoint(ResultSet row) throws SQLException {
        return new Endpoint(row.getString(1), URI.create(row.getString(2)), row.getString(3),
                Rows.strings(row.getString(4), "webhook list"), Rows.strings(row.getString(5), "webhook list"),
                row.getInt(6) == 1, row.getString(7), row.getString(8), row.getString(9),
                instant(row, 10), instant(row, 11), Rows.instant(row.getLong(12)), Rows.instant(row.getLong(13)));
    }

    static void bind(PreparedStatement statement, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, args[i]);
            }
        }
    }

    static Long micros(Instant at) {
        return at == null ? null : Rows.micros(at);
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long micros = row.getLong(column);
        return row.wasNull() ? null : Rows.instant(micros);
    }

    private static String prefixed(String prefix, String columns) {
        return prefix + columns.replace(", ", ", " + prefix);
    }
}
