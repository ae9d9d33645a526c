package dev.quire.store.postgres;

import dev.quire.webhook.Attempt;
import dev.quire.webhook.Delivery;
import dev.quire.webhook.Endpoint;
import dev.quire.store.OutboxMessage;
import dev.quire.webhook.WebhookStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@link WebhookStore} in the shared database ({@link PostgresDocumentStore#webhooks()}). Every node runs a
 * dispatcher on it, so what is read and then changed is locked first: an endpoint's row ({@code FOR UPDATE}) for an
 * update, and the deliveries a claim takes ({@code FOR UPDATE SKIP LOCKED}), so that nodes claiming at the same time
 * get different deliveries instead of waiting for each other. A claim is a lease: a node that dies with deliveries
 * leased leaves them to whoever claims after the lease ran out (at least once). Each method is one transaction on the
 * pool, durable when it returns; saves write their messages in their own transaction on the writer. Thread-safe.
 */
public final class PostgresWebhookStore implements WebhookStore {
    private static final int PRUNE_BATCH = 500;

    private final Transactions transactions;

    PostgresWebhookStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void createEndpoint(Endpoint endpoint) {
        transactions.write(db -> {
            if (!OutboxRows.endpoints(db, " WHERE id = ?", endpoint.id()).isEmpty()) {
                throw new Write.Refused(new IllegalArgumentException("endpoint " + endpoint.id() + " exists"));
            }
            OutboxRows.putEndpoint(db, endpoint, true);
            return null;
        });
    }

    @Override
    public Optional<Endpoint> endpoint(String id) {
        return transactions.read(db -> OutboxRows.endpoints(db, " WHERE id = ?", id).stream().findFirst());
    }

    @Override
    public List<Endpoint> endpoints() {
        return transactions.read(db -> OutboxRows.endpoints(db, ""));
    }

    @Override
    public Optional<Endpoint> updateEndpoint(String id, UnaryOperator<Endpoint> change) {
        return transactions.write(db -> {
            Optional<Endpoint> current = lockedEndpoint(db, id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Endpoint next = change.apply(current.get());
            if (!next.id().equals(id)) {
                throw new Write.Refused(new IllegalArgumentException("an update cannot change the id"));
            }
            OutboxRows.putEndpoint(db, next, false);
            return Optional.of(next);
        });
    }

    @Override
    public Optional<Endpoint> disableEndpoint(String id, String reason, Instant at) {
        return transactions.write(db -> {
            Optional<Endpoint> current = lockedEndpoint(db, id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Endpoint next = current.get().enabled() ? current.get().disabled(reason, at) : current.get();
            OutboxRows.putEndpoint(db, next, false);
            for (Delivery d : OutboxRows.deliveries(db, " WHERE d.endpoint_id = ? AND d.state = 'pending'"
                    + " FOR UPDATE OF d", id)) {
                OutboxRows.putDelivery(db, d.failed(false, next.disabledReason()));
            }
            return Optional.of(next);
        });
    }

    private static Optional<Endpoint> lockedEndpoint(Connection db, String id) throws SQLException {
        return OutboxRows.lockedEndpoints(db, " WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public boolean deleteEndpoint(String id) {
        return transactions.write(db -> {
            for (String table : List.of("webhook_attempts", "webhook_deliveries")) {
                try (PreparedStatement delete = db.prepareStatement("DELETE FROM " + table + " WHERE endpoint_id = ?")) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
            }
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM webhook_endpoints WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int enqueue(OutboxMessage message) {
        return transactions.write(db -> {
            int created = OutboxRows.enqueue(db, message);
            if (created < 0) {
                throw new Write.Refused(new IllegalArgumentException("message " + message.id() + " exists"));
            }
            return created;
        });
    }

    @Override
    public Optional<OutboxMessage> message(String id) {
        return transactions.read(db -> {
            try (PreparedStatement select = db.prepareStatement("SELECT " + OutboxRows.MESSAGE_COLUMNS
                    + " FROM webhook_messages WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(OutboxRows.message(row)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Due deliveries whose rows another node has locked (it is claiming them right now) are skipped rather than
     * waited for; one whose lease ran out is due again, whichever node leased it.
     */
    @Override
    public List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit) {
        return transactions.write(db -> {
            List<Delivery> claimed = new ArrayList<>();
            for (Delivery d : OutboxRows.deliveries(db, " WHERE d.state = 'pending' AND d.next_attempt_at <= ?"
                    + " AND (d.leased_until IS NULL OR d.leased_until <= ?)"
                    + " ORDER BY d.next_attempt_at, m.created_at, d.message_id LIMIT ? FOR UPDATE OF d SKIP LOCKED",
                    now, now, limit)) {
                Delivery leased = d.leased(leaseUntil);
                OutboxRows.putDelivery(db, leased);
                claimed.add(leased);
            }
            return claimed;
        });
    }

    @Override
    public void complete(Delivery after, Attempt attempt) {
        transactions.write(db -> {
            if (OutboxRows.deliveries(db, " WHERE d.message_id = ? AND d.endpoint_id = ? FOR UPDATE OF d",
                    after.messageId(), after.endpointId()).isEmpty()) {
                return null; // its endpoint was deleted meanwhile
            }
            OutboxRows.putDelivery(db, after.leased(null));
            if (attempt != null) {
                OutboxRows.insertAttempt(db, attempt);
            }
            return null;
        });
    }

    @Override
    public List<Delivery> requeue(String messageId, String endpointId, Instant at) {
        return transactions.write(db -> {
            List<Delivery> requeued = new ArrayList<>();
            for (Delivery d : OutboxRows.deliveries(db, " WHERE d.message_id = ? AND e.enabled"
                    + " AND (?::text IS NULL OR d.endpoint_id = ?) ORDER BY e.seq FOR UPDATE OF d",
                    messageId, endpointId, endpointId)) {
                boolean inProgress = d.leasedUntil() != null && d.leasedUntil().isAfter(at);
                if (!inProgress) {
                    Delivery next = d.requeued(at);
                    OutboxRows.putDelivery(db, next);
                    requeued.add(next);
                }
            }
            // Two nodes doing this at once write the same row (ON CONFLICT): the delivery stays single.
            if (endpointId != null && requeued.isEmpty() && !OutboxRows.endpoints(db, " WHERE id = ? AND enabled"
                    + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.message_id = ?"
                    + " AND d.endpoint_id = webhook_endpoints.id)", endpointId, messageId).isEmpty()) {
                Delivery first = Delivery.pending(messageId, endpointId, at);
                OutboxRows.putDelivery(db, first);
                requeued.add(first);
            }
            return requeued;
        });
    }

    @Override
    public List<Delivery> deliveries(String endpointId, int limit) {
        return transactions.read(db -> OutboxRows.deliveries(db, " WHERE d.endpoint_id = ?"
                + " ORDER BY m.created_at DESC, d.message_id DESC LIMIT ?", endpointId, limit));
    }

    @Override
    public List<Delivery> deliveriesOf(String messageId) {
        return transactions.read(db -> OutboxRows.deliveries(db, " WHERE d.message_id = ? ORDER BY e.seq",
                messageId));
    }

    @Override
    public int pendingDeliveries() {
        return transactions.read(db -> {
            try (PreparedStatement count = db.prepareStatement(
                    "SELECT count(*) FROM webhook_deliveries WHERE state = 'pending'");
                 ResultSet row = count.executeQuery()) {
                return row.next() ? row.getInt(1) : 0;
            }
        });
    }

    @Override
    public List<Attempt> attempts(String messageId, String endpointId) {
        Objects.requireNonNull(endpointId, "endpointId");
        return transactions.read(db -> {
            try (PreparedStatement select = db.prepareStatement("SELECT " + OutboxRows.ATTEMPT_COLUMNS
                    + " FROM webhook_attempts WHERE message_id = ? AND endpoint_id = ? ORDER BY id")) {
                select.setString(1, messageId);
                select.setString(2, endpointId);
                List<Attempt> log = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        log.add(OutboxRows.attempt(rows));
                    }
                }
                return log;
            }
        });
    }

    /** In batches, so a large first prune never holds many rows locked for long. */
    @Override
    public int pruneFinishedBefore(Instant cutoff) {
        int removed = 0;
        int batch;
        do {
            batch = transactions.write(db -> {
                List<String> ids = new ArrayList<>();
                try (PreparedStatement select = db.prepareStatement("SELECT id FROM webhook_messages m"
                        + " WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d"
                        + " WHERE d.message_id = m.id AND d.state = 'pending') LIMIT " + PRUNE_BATCH
                        + " FOR UPDATE SKIP LOCKED")) {
                    Rows.setInstant(select, 1, cutoff);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getString(1));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    return 0;
                }
                for (String table : List.of("webhook_attempts", "webhook_deliveries")) {
                    try (PreparedStatement delete = db.prepareStatement("DELETE FROM " + table
                            + " WHERE message_id = ANY (?)")) {
                        delete.setArray(1, db.createArrayOf("text", ids.toArray()));
                        delete.executeUpdate();
                    }
                }
                try (PreparedStatement delete = db.prepareStatement(
                        "DELETE FROM webhook_messages WHERE id = ANY (?)")) {
                    delete.setArray(1, db.createArrayOf("text", ids.toArray()));
                    delete.executeUpdate();
                }
                return ids.size();
            });
            removed += batch;
        } while (batch == PRUNE_BATCH);
        return removed;
    }
}
