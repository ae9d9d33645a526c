package dev.quire.webhook;

import dev.quire.store.OutboxMessage;
import dev.quire.store.Attempt;
import dev.quire.store.Delivery;
import dev.quire.store.Endpoint;
import dev.quire.store.WebhookStore;
import dev.quire.webhook.WebhookException.Kind;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Managing endpoints, as the REST API offers it: register (the secret is generated here and returned once),
 * change, delete, rotate the secret, read the delivery log, redeliver a message. URLs pass the {@link SsrfGuard}
 * at registration and on every change. Failures are {@link WebhookException}s. Thread-safe.
 */
public final class EndpointRegistry {

    static final int MAX_URL_LENGTH = 2000;
    static final int MAX_DESCRIPTION_LENGTH = 500;
    static final int MAX_DOCUMENT_IDS = 100;

    /** What a new endpoint is: everything but its id, secret and times. */
    public record Spec(URI url, String description, Set<EventType> eventTypes, Set<String> documentIds,
                       boolean enabled) {
    }

    /** A change: null fields stay as they are. */
    public record Change(URI url, String description, Set<EventType> eventTypes, Set<String> documentIds,
                         Boolean enabled) {
    }

    /** An endpoint with a secret shown this once ({@code whsec_...}). */
    public record WithSecret(Endpoint endpoint, String secret) {
    }

    /** One delivery with its message and attempt log (oldest attempt first). */
    public record DeliveryLog(Delivery delivery, OutboxMessage message, List<Attempt> attempts) {
    }

    private final WebhookStore store;
    private final SsrfGuard guard;
    private final Secrets secrets;
    private final Clock clock;
    private final Duration previousSecretTtl;
    private final Runnable onRequeued;

    EndpointRegistry(WebhookStore store, SsrfGuard guard, Secrets secrets, Clock clock, Duration previousSecretTtl,
                     Runnable onRequeued) {
        this.store = store;
        this.guard = guard;
        this.secrets = secrets;
        this.clock = clock;
        this.previousSecretTtl = previousSecretTtl;
        this.onRequeued = onRequeued;
    }

    public WithSecret create(Spec spec) {
        checkUrl(spec.url());
        checkFields(spec.description(), spec.eventTypes(), spec.documentIds());
        Instant now = clock.instant();
        String secret = secrets.newSecret();
        Endpoint endpoint = new Endpoint(secrets.newId("ep_"), spec.url(), spec.description(),
                wire(spec.eventTypes()), spec.documentIds(), spec.enabled(), spec.enabled() ? null
                : "disabled when registered", secret, null, null, null, now, now);
        store.createEndpoint(endpoint);
        return new WithSecret(endpoint, secret);
    }

    public Endpoint get(String id) {
        return store.endpoint(id).orElseThrow(() -> notFound(id));
    }

    public List<Endpoint> list() {
        return store.endpoints();
    }

    /** Applies {@code change}; enabling clears the disabled reason, disabling gives up pending deliveries. */
    public Endpoint update(String id, Change change) {
        Endpoint current = get(id);
        URI url = change.url() != null ? change.url() : current.url();
        if (change.url() != null) {
            checkUrl(url);
        }
        String description = change.description() != null ? change.description() : current.description();
        Set<String> types = change.eventTypes() != null ? wire(change.eventTypes()) : current.eventTypes();
        Set<String> documents = change.documentIds() != null ? change.documentIds() : current.documentIds();
        checkFields(description, change.eventTypes() != null ? change.eventTypes() : Set.of(EventType.values()),
                documents);
        Instant now = clock.instant();
        store.updateEndpoint(id, e -> e.withSettings(url, description, types, documents, now)).orElseThrow(
                () -> notFound(id));
        if (Boolean.TRUE.equals(change.enabled())) {
            store.updateEndpoint(id, e -> e.enabled() ? e : e.enabled(now));
        } else if (Boolean.FALSE.equals(change.enabled())) {
            store.disableEndpoint(id, "disabled through the API at " + now, now);
        }
        return get(id);
    }

    public void delete(String id) {
        if (!store.deleteEndpoint(id)) {
            throw notFound(id);
        }
    }

    /** A new secret signs from now on; the old one also signs for {@code previousSecretTtl} more. */
    public WithSecret rotateSecret(String id) {
        String secret = secrets.newSecret();
        Instant now = clock.instant();
        Endpoint rotated = store.updateEndpoint(id, e -> e.rotated(secret, now.plus(previousSecretTtl), now))
                .orElseThrow(() -> notFound(id));
        return new WithSecret(rotated, secret);
    }

    /** The newest {@code limit} deliveries to endpoint {@code id}, with their attempts. */
    public List<DeliveryLog> deliveries(String id, int limit) {
        get(id);
        return store.deliveries(id, limit).stream()
                .map(d -> new DeliveryLog(d, store.message(d.messageId()).orElseThrow(),
                        store.attempts(d.messageId(), d.endpointId())))
                .toList();
    }

    /**
     * Queues message {@code messageId} again, to endpoint {@code endpointId} or (null) to every enabled endpoint
     * that had it; the same {@code webhook-id} is sent.
     *
     * @return the requeued deliveries
     */
    public List<Delivery> redeliver(String messageId, String endpointId) {
        if (store.message(messageId).isEmpty()) {
            throw new WebhookException(Kind.NOT_FOUND, "no webhook message '" + messageId + "'");
        }
        List<Delivery> had = store.deliveriesOf(messageId).stream()
                .filter(d -> endpointId == null || d.endpointId().equals(endpointId)).toList();
        if (endpointId != null && had.isEmpty()) {
            get(endpointId);
            throw new WebhookException(Kind.NOT_FOUND, "message '" + messageId + "' was never queued for endpoint '"
                    + endpointId + "' (it did not subscribe to it)");
        }
        if (endpointId != null) {
            Endpoint endpoint = get(endpointId);
            if (!endpoint.enabled()) {
                throw new WebhookException(Kind.CONFLICT, "endpoint '" + endpointId + "' is disabled ("
                        + endpoint.disabledReason() + "); enable it first");
            }
        }
        List<Delivery> requeued = store.requeue(messageId, endpointId, clock.instant());
        if (requeued.isEmpty()) {
            throw new WebhookException(Kind.CONFLICT, had.isEmpty()
                    ? "message '" + messageId + "' was not queued for any endpoint"
                    : "nothing to redeliver: the endpoints are disabled or the delivery is in progress");
        }
        onRequeued.run();
        return requeued;
    }

    private void checkUrl(URI url) {
        if (url == null) {
            throw new WebhookException(Kind.INVALID, "url: required");
        }
        if (url.toString().length() > MAX_URL_LENGTH) {
            throw new WebhookException(Kind.INVALID, "url: longer than " + MAX_URL_LENGTH + " characters");
        }
        try {
            guard.check(url);
        } catch (ForbiddenTargetException e) {
            throw new WebhookException(Kind.FORBIDDEN_TARGET, e.getMessage());
        }
    }

    private static void checkFields(String description, Set<EventType> types, Set<String> documentIds) {
        if (description == null || description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new WebhookException(Kind.INVALID, "description: at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        if (types == null || types.isEmpty()) {
            throw new WebhookException(Kind.INVALID, "eventTypes: at least one of " + Set.of(EventType.values())
                    .stream().map(EventType::wire).sorted().collect(Collectors.joining(", ")));
        }
        if (documentIds == null || documentIds.size() > MAX_DOCUMENT_IDS) {
            throw new WebhookException(Kind.INVALID, "documentIds: at most " + MAX_DOCUMENT_IDS + " ids");
        }
        Optional<String> bad = documentIds.stream().filter(d -> d.isEmpty() || d.length() > 200).findFirst();
        if (bad.isPresent()) {
            throw new WebhookException(Kind.INVALID, "documentIds: ids are 1-200 characters");
        }
    }

    private static Set<String> wire(Set<EventType> types) {
        return types.stream().map(EventType::wire).collect(Collectors.toUnmodifiableSet());
    }

    private static WebhookException notFound(String id) {
        return new WebhookException(Kind.NOT_FOUND, "no webhook endpoint '" + id + "'");
    }
}
