package dev.quire.webhook;

import dev.quire.store.OutboxMessage;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A registered receiver of webhooks. Immutable; changes make a new value ({@code with...}).
 *
 * <p>Secrets are {@code whsec_<base64>} strings. During a rotation the previous secret still signs (a second
 * signature in {@code webhook-signature}) until {@code previousSecretExpiresAt}. {@link #toString()} never shows a
 * secret, so an endpoint can be logged.
 *
 * @param id                      {@code ep_...}
 * @param url                     where deliveries are POSTed (http or https)
 * @param description             free text for people, may be empty
 * @param eventTypes              wire names of the subscribed event types, never empty
 * @param documentIds             only events about these documents; empty means every document
 * @param enabled                 whether new events are enqueued for it and pending ones are delivered
 * @param disabledReason          why it was disabled (by a user, a 410, or failing too long); null when enabled
 * @param secret                  the current signing secret
 * @param previousSecret          the secret before the last rotation while it still signs, else null
 * @param previousSecretExpiresAt when {@code previousSecret} stops signing; null with it
 * @param failingSince            first failed attempt since the last success, or null when not failing
 * @param createdAt               creation time
 * @param updatedAt               last change by a user or by the dispatcher's disabling
 */
public record Endpoint(String id, URI url, String description, Set<String> eventTypes, Set<String> documentIds,
                       boolean enabled, String disabledReason, String secret, String previousSecret,
                       Instant previousSecretExpiresAt, Instant failingSince, Instant createdAt, Instant updatedAt) {

    public Endpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(description, "description");
        eventTypes = Set.copyOf(eventTypes);
        documentIds = Set.copyOf(documentIds);
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (eventTypes.isEmpty()) {
            throw new IllegalArgumentException("an endpoint subscribes to at least one event type");
        }
        if ((previousSecret == null) != (previousSecretExpiresAt == null)) {
            throw new IllegalArgumentException("previousSecret and previousSecretExpiresAt go together");
        }
    }

    /** Whether a new message should be enqueued for this endpoint. */
    public boolean wants(OutboxMessage message) {
        return enabled && subscribesTo(message);
    }

    /**
     * Whether the message's event type and document are among the endpoint's, enabled or not: a message made while
     * the endpoint was disabled was not queued for it, yet may be redelivered to it once it is enabled again.
     */
    public boolean subscribesTo(OutboxMessage message) {
        return eventTypes.contains(message.eventType())
                && (documentIds.isEmpty() || documentIds.contains(message.documentId()));
    }

    /** The secrets that sign a delivery made at {@code now}: the current one, then the previous if not expired. */
    public List<String> signingSecrets(Instant now) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(secret);
        if (previousSecret != null && now.isBefore(previousSecretExpiresAt)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    public Endpoint withSettings(URI url, String description, Set<String> eventTypes, Set<String> documentIds,
                                 Instant at) {
        return new Endpoint(id, url, description, eventTypes, documentIds, enabled, disabledReason, secret,
                previousSecret, previousSecretExpiresAt, failingSince, createdAt, at);
    }

    /** Enabled again: the reason goes, and the failure period starts afresh. */
    public Endpoint enabled(Instant at) {
        return new Endpoint(id, url, description, eventTypes, documentIds, true, null, secret, previousSecret,
                previousSecretExpiresAt, null, createdAt, at);
    }

    public Endpoint disabled(String reason, Instant at) {
        return new Endpoint(id, url, description, eventTypes, documentIds, false, Objects.requireNonNull(reason),
                secret, previousSecret, previousSecretExpiresAt, failingSince, createdAt, at);
    }

    /** {@code newSecret} signs from now on; the current one keeps signing until {@code oldExpiresAt}. */
    public Endpoint rotated(String newSecret, Instant oldExpiresAt, Instant at) {
        return new Endpoint(id, url, description, eventTypes, documentIds, enabled, disabledReason, newSecret,
                secret, oldExpiresAt, failingSince, createdAt, at);
    }

    /** Failing since {@code since}, unless already failing (the earlier start is kept). */
    public Endpoint failing(Instant since) {
        return failingSince != null ? this : new Endpoint(id, url, description, eventTypes, documentIds, enabled,
                disabledReason, secret, previousSecret, previousSecretExpiresAt, since, createdAt, updatedAt);
    }

    public Endpoint healthy() {
        return failingSince == null ? this : new Endpoint(id, url, description, eventTypes, documentIds, enabled,
                disabledReason, secret, previousSecret, previousSecretExpiresAt, null, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "Endpoint[id=" + id + ", url=" + url + ", enabled=" + enabled + ", eventTypes=" + eventTypes
                + ", documentIds=" + documentIds + ", disabledReason=" + disabledReason + ", failingSince="
                + failingSince + ", secret=(hidden)]";
    }
}
