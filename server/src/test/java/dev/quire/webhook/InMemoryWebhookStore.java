package dev.quire.webhook;

import dev.quire.store.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The reference {@link WebhookStore}: everything in memory, every method under one lock (so each is atomic, as
 * a transaction would be). Durable only as long as the process; survives a "restart" of the dispatcher, which
 * is how tests use it.
 */
public final class InMemoryWebhookStore implements WebhookStore {

    private record Key(String messageId, String endpointId) {
    }

    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, OutboxMessage> messages = new LinkedHashMap<>();
    private final Map<Key, Delivery> deliveries = new LinkedHashMap<>();
    private final Map<Key, List<Attempt>> attempts = new LinkedHashMap<>();

    @Override
    public synchronized void createEndpoint(Endpoint endpoint) {
        if (endpoints.putIfAbsent(endpoint.id(), endpoint) != null) {
            throw new IllegalArgumentException("endpoint " + endpoint.id() + " exists");
        }
    }

    @Override
    public synchronized Optional<Endpoint> endpoint(String id) {
        return Optional.ofNullable(endpoints.get(id));
    }

    @Override
    public synchronized List<Endpoint> endpoints() {
        return List.copyOf(endpoints.values());
    }

    @Override
    public synchronized Optional<Endpoint> updateEndpoint(String id, UnaryOperator<Endpoint> change) {
        Endpoint current = endpoints.get(id);
        if (current == null) {
            return Optional.empty();
        }
        Endpoint next = change.apply(current);
        if (!next.id().equals(id)) {
            throw new IllegalArgumentException("an update cannot change the id");
        }
        endpoints.put(id, next);
        return Optional.of(next);
    }

    @Override
    public synchronized Optional<Endpoint> disableEndpoint(String id, String reason, Instant at) {
        Endpoint current = endpoints.get(id);
        if (current == null) {
            return Optional.empty();
        }
        Endpoint next = current.enabled() ? current.disabled(reason, at) : current;
        endpoints.put(id, next);
        deliveries.replaceAll((key, d) -> key.endpointId().equals(id) && d.state() == Delivery.State.PENDING
                ? d.failed(false, next.disabledReason()) : d);
        return Optional.of(next);
    }

    @Override
    public synchronized boolean deleteEndpoint(String id) {
        if (endpoints.remove(id) == null) {
            return false;
        }
        deliveries.keySet().removeIf(key -> key.endpointId().equals(id));
        attempts.keySet().removeIf(key -> key.endpointId().equals(id));
        return true;
    }

    @Override
    public synchronized int enqueue(OutboxMessage message) {
        if (messages.putIfAbsent(message.id(), message) != null) {
            throw new IllegalArgumentException("message " + message.id() + " exists");
        }
        int created = 0;
        for (Endpoint endpoint : endpoints.values()) {
            if (endpoint.wants(message)) {
                deliveries.put(new Key(message.id(), endpoint.id()),
                        Delivery.pending(message.id(), endpoint.id(), message.createdAt()));
                created++;
            }
        }
        return created;
    }

    @Override
    public synchronized int pendingDeliveries() {
        return (int) deliveries.values().stream().filter(d -> d.state() == Delivery.State.PENDING).count();
    }

    @Override
    public synchronized Optional<OutboxMessage> message(String id) {
        return Optional.ofNullable(messages.get(id));
    }

    @Override
    public synchronized List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<Delivery> due = deliveries.values().stream()
                .filter(d -> d.dueAt(now))
                .sorted(Comparator.comparing(Delivery::nextAttemptAt))
                .limit(limit)
                .map(d -> d.leased(leaseUntil))
                .toList();
        due.forEach(d -> deliveries.put(new Key(d.messageId(), d.endpointId()), d));
        return due;
    }

    @Override
    public synchronized void complete(Delivery after, Attempt attempt) {
        Key key = new Key(after.messageId(), after.endpointId());
        if (!deliveries.containsKey(key)) {
            return;
        }
        deliveries.put(key, after.leased(null));
        if (attempt != null) {
            attempts.computeIfAbsent(key, k -> new ArrayList<>()).add(attempt);
        }
    }

    @Override
    public synchronized List<Delivery> requeue(String messageId, String endpointId, Instant at) {
        List<Delivery> requeued = new ArrayList<>();
        for (Map.Entry<Key, Delivery> entry : deliveries.entrySet()) {
            Key key = entry.getKey();
            Endpoint endpoint = endpoints.get(key.endpointId());
            boolean chosen = key.messageId().equals(messageId)
                    && (endpointId == null || key.endpointId().equals(endpointId));
            Delivery d = entry.getValue();
            boolean inProgress = d.leasedUntil() != null && d.leasedUntil().isAfter(at);
            if (chosen && endpoint != null && endpoint.enabled() && !inProgress) {
                Delivery next = d.requeued(at);
                entry.setValue(next);
                requeued.add(next);
            }
        }
        Endpoint named = endpointId == null ? null : endpoints.get(endpointId);
        if (named != null && named.enabled() && messages.containsKey(messageId)
                && !deliveries.containsKey(new Key(messageId, endpointId))) {
            Delivery first = Delivery.pending(messageId, endpointId, at);
            deliveries.put(new Key(messageId, endpointId), first);
            requeued.add(first);
        }
        return requeued;
    }

    @Override
    public synchronized List<Delivery> deliveries(String endpointId, int limit) {
        Comparator<Delivery> newestFirst = Comparator.comparing(
                (Delivery d) -> messages.get(d.messageId()).createdAt()).reversed();
        return deliveries.values().stream()
                .filter(d -> d.endpointId().equals(endpointId))
                .sorted(newestFirst.thenComparing(Delivery::messageId, Comparator.reverseOrder()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<Delivery> deliveriesOf(String messageId) {
        List<String> order = new ArrayList<>(endpoints.keySet());
        return deliveries.values().stream()
                .filter(d -> d.messageId().equals(messageId))
                .sorted(Comparator.comparingInt(d -> order.indexOf(d.endpointId())))
                .toList();
    }

    @Override
    public synchronized List<Attempt> attempts(String messageId, String endpointId) {
        return List.copyOf(attempts.getOrDefault(new Key(messageId, Objects.requireNonNull(endpointId)), List.of()));
    }

    @Override
    public synchronized int pruneFinishedBefore(Instant cutoff) {
        List<String> old = messages.values().stream()
                .filter(m -> m.createdAt().isBefore(cutoff))
                .map(OutboxMessage::id)
                .filter(id -> deliveries.values().stream().noneMatch(d -> d.messageId().equals(id)
                        && d.state() == Delivery.State.PENDING))
                .toList();
        for (String id : old) {
            messages.remove(id);
            deliveries.keySet().removeIf(key -> key.messageId().equals(id));
            attempts.keySet().removeIf(key -> key.messageId().equals(id));
        }
        return old.size();
    }
}
