package dev.quire.webhook;

import dev.quire.store.OutboxMessage;
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
 *
 * <p>Every call names the {@link DocumentSet} its caller may manage: only endpoints within it exist for the caller
 * (others are reported as unknown), and an endpoint's documents never leave the set of whoever registered or
 * changed it, so its receiver never gets events of documents that caller could not see.
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

    /**
     * Registers an endpoint for the documents in {@code spec}, which must be within {@code allowed}: a caller limited
     * to some documents can only subscribe to those, and never to every document.
     */
    public WithSecret create(DocumentSet allowed, Spec spec) {
        checkFields(spec.description(), spec.eventTypes(), spec.documentIds());
        checkWithin(allowed, spec.documentIds());
        checkUrl(spec.url());
        Instant now = clock.instant();
        String secret = secrets.newSecret();
        Endpoint endpoint = new Endpoint(secrets.newId("ep_"), spec.url(), spec.description(),
                wire(spec.eventTypes()), spec.documentIds(), spec.enabled(), spec.enabled() ? null
                : "disabled when registered", secret, null, null, null, now, now);
        store.createEndpoint(endpoint);
        return new WithSecret(endpoint, secret);
    }

    /** Endpoint {@code id}; one outside {@code allowed} is reported exactly as an unknown one, so no id leaks. */
    public Endpoint get(DocumentSet allowed, String id) {
        return store.endpoint(id).filter(e -> allowed.covers(e.documentIds())).orElseThrow(() -> notFound(id));
    }

    /** The endpoints within {@code allowed}, oldest first. */
    public List<Endpoint> list(DocumentSet allowed) {
        return store.endpoints().stream().filter(e -> allowed.covers(e.documentIds())).toList();
    }

    /**
     * Applies {@code change}; enabling clears the disabled reason, disabling gives up pending deliveries. The
     * endpoint must be within {@code allowed} and stays within it.
     */
    public Endpoint update(DocumentSet allowed, String id, Change change) {
        if (change.url() != null) {
            checkUrl(change.url());
        }
        checkFields(change.description() != null ? change.description() : "",
                change.eventTypes() != null ? change.eventTypes() : Set.of(EventType.values()),
                change.documentIds() != null ? change.documentIds() : Set.of());
        if (change.documentIds() != null) {
            checkWithin(allowed, change.documentIds());
        }
        get(allowed, id);
        Instant now = clock.instant();
        Set<String> types = change.eventTypes() != null ? wire(change.eventTypes()) : null;
        // The change applies to the value in the store's transaction, not to the one read above, so that a
        // concurrent change (an admin widening the endpoint to every document) is neither overwritten nor
        // taken over: an endpoint no longer within the set is written back as it is and reported unknown.
        store.updateEndpoint(id, e -> {
            if (!allowed.covers(e.documentIds())) {
                return e;
            }
            Endpoint next = e.withSettings(change.url() != null ? change.url() : e.url(),
                    change.description() != null ? change.description() : e.description(),
                    types != null ? types : e.eventTypes(),
                    change.documentIds() != null ? change.documentIds() : e.documentIds(), now);
            return Boolean.TRUE.equals(change.enabled()) && !next.enabled() ? next.enabled(now) : next;
        }).filter(e -> allowed.covers(e.documentIds())).orElseThrow(() -> notFound(id));
        if (Boolean.FALSE.equals(change.enabled())) {
            store.disableEndpoint(id, "disabled through the API at " + now, now);
        }
        return get(allowed, id);
    }

    public void delete(DocumentSet allowed, String id) {
        get(allowed, id);
        if (!store.deleteEndpoint(id)) {
            throw notFound(id);
        }
    }

    /** A new secret signs from now on; the old one also signs for {@code previousSecretTtl} more. */
    public WithSecret rotateSecret(DocumentSet allowed, String id) {
        get(allowed, id);
        String secret = secrets.newSecret();
        Instant now = clock.instant();
        // Checked again in the transaction, as in update: the new secret is only ever made for an endpoint
        // within the set.
        Endpoint rotated = store.updateEndpoint(id, e -> allowed.covers(e.documentIds())
                        ? e.rotated(secret, now.plus(previousSecretTtl), now) : e)
                .filter(e -> allowed.covers(e.documentIds())).orElseThrow(() -> notFound(id));
        return new WithSecret(rotated, secret);
    }

    /**
     * The newest {@code limit} deliveries to endpoint {@code id}, with their attempts; those of messages about
     * documents outside {@code allowed} (sent before the endpoint was narrowed) are left out.
     */
    public List<DeliveryLog> deliveries(DocumentSet allowed, String id, int limit) {
        get(allowed, id);
        return store.deliveries(id, limit).stream()
                .map(d -> new DeliveryLog(d, store.message(d.messageId()).orElseThrow(),
                        store.attempts(d.messageId(), d.endpointId())))
                .filter(log -> allowed.contains(log.message().documentId()))
                .toList();
    }

    /**
     * Queues message {@code messageId} again, to endpoint {@code endpointId} or (null) to every enabled endpoint
     * within {@code allowed} that had it; the same {@code webhook-id} is sent. A named endpoint that subscribes to
     * the message but never had it (it was disabled when the message was made: what an operator redelivers after
     * enabling it again) gets it for the first time. A message about a document outside {@code allowed} is
     * reported as unknown.
     *
     * @return the requeued deliveries
     */
    public List<Delivery> redeliver(DocumentSet allowed, String messageId, String endpointId) {
        OutboxMessage message = store.message(messageId).filter(m -> allowed.contains(m.documentId()))
                .orElseThrow(() -> new WebhookException(Kind.NOT_FOUND, "no webhook message '" + messageId + "'"));
        List<Delivery> had = store.deliveriesOf(messageId).stream()
                .filter(d -> endpointId == null || d.endpointId().equals(endpointId))
                .filter(d -> allowed.isAll() || store.endpoint(d.endpointId())
                        .filter(e -> allowed.covers(e.documentIds())).isPresent())
                .toList();
        if (endpointId != null) {
            Endpoint endpoint = get(allowed, endpointId);
            if (had.isEmpty() && !endpoint.subscribesTo(message)) {
                throw new WebhookException(Kind.NOT_FOUND, "endpoint '" + endpointId + "' does not subscribe to"
                        + " message '" + messageId + "' (" + message.eventType() + " of document '"
                        + message.documentId() + "')");
            }
            if (!endpoint.enabled()) {
                throw new WebhookException(Kind.CONFLICT, "endpoint '" + endpointId + "' is disabled ("
                        + endpoint.disabledReason() + "); enable it first");
            }
        }
        Instant now = clock.instant();
        List<Delivery> requeued = endpointId != null || allowed.isAll() ? store.requeue(messageId, endpointId, now)
                : had.stream().flatMap(d -> store.requeue(messageId, d.endpointId(), now).stream()).toList();
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

    private static void checkWithin(DocumentSet allowed, Set<String> documentIds) {
        if (allowed.covers(documentIds)) {
            return;
        }
        if (documentIds.isEmpty()) {
            throw new WebhookException(Kind.FORBIDDEN, "documentIds: this credential is limited to some documents,"
                    + " so an endpoint must name them; an empty list means every document, which needs a"
                    + " credential without a document limit");
        }
        String outside = documentIds.stream().filter(d -> !allowed.contains(d)).sorted().findFirst().orElseThrow();
        throw new WebhookException(Kind.FORBIDDEN, "documentIds: this credential does not give access to document '"
                + outside + "'");
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
