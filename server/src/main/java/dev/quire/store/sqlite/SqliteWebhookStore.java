package dev.quire.store.sqlite;

import dev.quire.webhook.Attempt;
import dev.quire.webhook.Delivery;
import dev.quire.webhook.Endpoint;
import dev.quire.store.OutboxMessage;
import dev.quire.webhook.WebhookStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@link WebhookStore} in the same SQLite file as the documents ({@link SqliteDocumentStore#webhooks()}): it
 * shares the document store's one writer and read pool, so a save and its deliveries can be one transaction and
 * there is one database to back up. Writes run on the group-commit writer and return once durable; reads use the
 * read pool. Read-modify-write operations ({@link #updateEndpoint}, {@link #claimDue}, ...) run whole on the writer,
 * so they are atomic without locks. Thread-safe.
 */
public final class SqliteWebhookStore implements WebhookStore {
    private static final int PRUNE_BATCH = 500;

    private final GroupCommitWriter writer;
    private final ReadPool readers;

    SqliteWebhookStore(GroupCommitWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public void createEndpoint(Endpoint endpoint) {
        write(db -> {
            if (!WebhookRows.endpoints(db, " WHERE id = ?", endpoint.id()).isEmpty()) {
                throw new Write.Refused(new IllegalArgumentException("endpoint " + endpoint.id() + " exists"));
            }
            WebhookRows.putEndpoint(db, endpoint, true);
            return null;
        });
    }

    @Override
    public Optional<Endpoint> endpoint(String id) {
        return readers.read(db -> WebhookRows.endpoints(db, " WHERE id = ?", id).stream().findFirst());
    }

    @Override
    public List<Endpoint> endpoints() {
        return readers.read(db -> WebhookRows.endpoints(db, ""));
    }

    @Override
    public Optional<Endpoint> updateEndpoint(String id, UnaryOperator<Endpoint> change) {
        return write(db -> {
            Optional<Endpoint> current = WebhookRows.endpoints(db, " WHERE id = ?", id).stream().findFirst();
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Endpoint next = change.apply(current.get());
            if (!next.id().equals(id)) {
                throw new Write.Refused(new IllegalArgumentException("an update cannot change the id"));
            }
            WebhookRows.putEndpoint(db, next, false);
            return Optional.of(next);
        });
    }

    @Override
    public Optional<Endpoint> disableEndpoint(String id, String reason, Instant at) {
        return write(db -> {
            Optional<Endpoint> current = WebhookRows.endpoints(db, " WHERE id = ?", id).stream().findFirst();
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Endpoint next = current.get().enabled() ? current.get().disabled(reason, at) : current.get();
            WebhookRows.putEndpoint(db, next, false);
            for (Delivery d : WebhookRows.deliveries(db, " WHERE d.endpoint_id = ? AND d.state = 'pending'", id)) {
                WebhookRows.putDelivery(db, d.failed(false, next.disabledReason()));
            }
            return Optional.of(next);
        });
    }

    @Override
    public boolean deleteEndpoint(String id) {
        return write(db -> {
            for (String table : List.of("webhook_attempts", "webhook_deliveries")) {
                PreparedStatement delete = db.prepare("DELETE FROM " + table + " WHERE endpoint_id = ?");
                delete.setString(1, id);
                delete.executeUpdate();
            }
            PreparedStatement delete = db.prepare("DELETE FROM webhook_endpoints WHERE id = ?");
            delete.setString(1, id);
            return delete.executeUpdate() > 0;
        });
    }

    @Override
    public int enqueue(OutboxMessage message) {
        return write(db -> {
            int created = WebhookRows.enqueue(db, message);
            if (created < 0) {
                throw new Write.Refused(new IllegalArgumentException("message " + message.id() + " exists"));
            }
            return created;
        });
    }

    @Override
    public int pendingDeliveries() {
        // Served by the partial index webhook_deliveries_due (WHERE state = 'pending').
        return readers.read(db -> {
            try (ResultSet row = db.prepare("SELECT count(*) FROM webhook_deliveries WHERE state = 'pending'")
                    .executeQuery()) {
                return row.next() ? row.getInt(1) : 0;
            }
        });
    }

    @Override
    public Optional<OutboxMessage> message(String id) {
        return readers.read(db -> {
            PreparedStatement select = db.prepare("SELECT " + WebhookRows.MESSAGE_COLUMNS
                    + " FROM webhook_messages WHERE id = ?");
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(WebhookRows.message(row)) : Optional.empty();
            }
        });
    }

    @Override
    public List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit) {
        long at = Rows.micros(now);
        return write(db -> {
            List<Delivery> claimed = new ArrayList<>();
            for (Delivery d : WebhookRows.deliveries(db, " WHERE d.state = 'pending' AND d.next_attempt_at <= ?"
                    + " AND (d.leased_until IS NULL OR d.leased_until <= ?)"
                    + " ORDER BY d.next_attempt_at, m.created_at, d.message_id LIMIT ?", at, at, limit)) {
                Delivery leased = d.leased(leaseUntil);
                WebhookRows.putDelivery(db, leased);
                claimed.add(leased);
            }
            return claimed;
        });
    }

    @Override
    public void complete(Delivery after, Attempt attempt) {
        write(db -> {
            if (WebhookRows.deliveries(db, " WHERE d.message_id = ? AND d.endpoint_id = ?",
                    after.messageId(), after.endpointId()).isEmpty()) {
                return null; // its endpoint was deleted meanwhile
            }
            WebhookRows.putDelivery(db, after.leased(null));
            if (attempt != null) {
                WebhookRows.insertAttempt(db, attempt);
            }
            return null;
        });
    }

    @Override
    public List<Delivery> requeue(String messageId, String endpointId, Instant at) {
        return write(db -> {
            List<Delivery> requeued = new ArrayList<>();
            for (Delivery d : WebhookRows.deliveries(db, " WHERE d.message_id = ? AND e.enabled = 1"
                    + " AND (? IS NULL OR d.endpoint_id = ?) ORDER BY e.rowid", messageId, endpointId, endpointId)) {
                boolean inProgress = d.leasedUntil() != null && d.leasedUntil().isAfter(at);
                if (!inProgress) {
                    Delivery next = d.requeued(at);
                    WebhookRows.putDelivery(db, next);
                    requeued.add(next);
                }
            }
            if (endpointId != null && requeued.isEmpty() && !WebhookRows.endpoints(db, " WHERE id = ? AND enabled = 1"
                    + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.message_id = ?"
                    + " AND d.endpoint_id = webhook_endpoints.id)",
                    endpointId, messageId).isEmpty()) {
                Delivery first = Delivery.pending(messageId, endpointId, at);
                WebhookRows.putDelivery(db, first);
                requeued.add(first);
            }
            return requeued;
        });
    }

    @Override
    public List<Delivery> deliveries(String endpointId, int limit) {
        return readers.read(db -> WebhookRows.deliveries(db, " WHERE d.endpoint_id = ?"
                + " ORDER BY m.created_at DESC, d.message_id DESC LIMIT ?", endpointId, limit));
    }

    @Override
    public List<Delivery> deliveriesOf(String messageId) {
        return readers.read(db -> WebhookRows.deliveries(db, " WHERE d.message_id = ? ORDER BY e.rowid", messageId));
    }

    @Override
    public List<Attempt> attempts(String messageId, String endpointId) {
        Objects.requireNonNull(endpointId, "endpointId");
        return readers.read(db -> {
            PreparedStatement select = db.prepare("SELECT " + WebhookRows.ATTEMPT_COLUMNS + " FROM webhook_attempts"
                    + " WHERE message_id = ? AND endpoint_id = ? ORDER BY id");
            select.setString(1, messageId);
            select.setString(2, endpointId);
            List<Attempt> log = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    log.add(WebhookRows.attempt(rows));
                }
            }
            return log;
        });
    }

    @Override
    public int pruneFinishedBefore(Instant cutoff) {
        long before = Rows.micros(cutoff);
        int removed = 0;
        int batch;
        // In batches, so a large first prune never holds the one writer (and every document's commits) for long.
        do {
            batch = write(db -> {
                PreparedStatement select = db.prepare("SELECT id FROM webhook_messages m WHERE created_at < ?"
                        + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.message_id = m.id"
                        + " AND d.state = 'pending') LIMIT " + PRUNE_BATCH);
                select.setLong(1, before);
                List<String> ids = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                for (String table : List.of("webhook_attempts", "webhook_deliveries")) {
                    PreparedStatement delete = db.prepare("DELETE FROM " + table + " WHERE message_id = ?");
                    for (String id : ids) {
                        delete.setString(1, id);
                        delete.executeUpdate();
                    }
                }
                PreparedStatement delete = db.prepare("DELETE FROM webhook_messages WHERE id = ?");
                for (String id : ids) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
                return ids.size();
            });
            removed += batch;
        } while (batch == PRUNE_BATCH);
        return removed;
    }

    private <T> T write(GroupCommitWriter.Step<T> step) {
        return writer.writeAndWait(step);
    }
}
