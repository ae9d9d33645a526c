package dev.quire.webhook;

import dev.quire.store.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes one attempt of a claimed delivery and stores what follows from it - the rules of docs/webhooks.md
 * ("Delivery, retries and ordering", "Disabling") in one place: 2xx succeeds; {@code 410 Gone} disables the
 * endpoint; anything else (3xx included - redirects are never followed - and no response at all) is retried on the
 * {@link RetryPolicy}'s schedule, until the schedule is used up (the delivery is given up) or the endpoint has failed
 * for longer than {@code disableAfter} (it is disabled). The SSRF check runs again before every attempt.
 * Thread-safe: runs on many workers at once.
 */
final class DeliveryRunner {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRunner.class);

    static final String USER_AGENT = "Quire-Webhooks/1";

    private final WebhookStore store;
    private final SsrfGuard guard;
    private final WebhookSender sender;
    private final RetryPolicy retries;
    private final Clock clock;
    private final Duration disableAfter;
    private final DeliveryMetrics metrics;

    DeliveryRunner(WebhookStore store, SsrfGuard guard, WebhookSender sender, RetryPolicy retries, Clock clock,
                   Duration disableAfter) {
        this(store, guard, sender, retries, clock, disableAfter, DeliveryMetrics.NONE);
    }

    DeliveryRunner(WebhookStore store, SsrfGuard guard, WebhookSender sender, RetryPolicy retries, Clock clock,
                   Duration disableAfter, DeliveryMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.guard = guard;
        this.sender = sender;
        this.retries = retries;
        this.clock = clock;
        this.disableAfter = disableAfter;
    }

    void run(Delivery delivery) {
        Optional<Endpoint> found = store.endpoint(delivery.endpointId());
        Optional<OutboxMessage> message = store.message(delivery.messageId());
        if (found.isEmpty() || message.isEmpty()) {
            store.complete(delivery.failed(false, "the endpoint or the message no longer exists"), null);
            return;
        }
        Endpoint endpoint = found.get();
        if (!endpoint.enabled()) {
            store.complete(delivery.failed(false, "endpoint disabled: " + endpoint.disabledReason()), null);
            return;
        }
        Instant started = clock.instant();
        WebhookSender.Result result = attempt(endpoint, message.get(), started);
        Integer status = result.status();
        String error = result.error() != null ? result.error() : describeStatus(status);
        Attempt attempt = new Attempt(delivery.messageId(), endpoint.id(), delivery.attempts() + 1, started, status,
                result.latency(), error);
        if (error == null) {
            metrics.succeeded(result.latency());
        } else {
            metrics.failed(result.latency());
        }
        if (error == null) {
            // The endpoint's state changes before the delivery's, so anyone who sees the outcome sees its effect.
            if (endpoint.failingSince() != null) {
                store.updateEndpoint(endpoint.id(), Endpoint::healthy);
            }
            store.complete(delivery.succeeded(), attempt);
        } else if (status != null && status == 410) {
            store.complete(delivery.failed(true, error), attempt);
            disable(endpoint, "the receiver answered 410 Gone at " + clock.instant());
        } else {
            failed(delivery, endpoint, attempt, result);
        }
    }

    private WebhookSender.Result attempt(Endpoint endpoint, OutboxMessage message, Instant started) {
        List<InetAddress> addresses;
        try {
            addresses = guard.check(endpoint.url());
        } catch (ForbiddenTargetException e) {
            return WebhookSender.Result.failure("not sent: " + e.getMessage(), Duration.ZERO);
        }
        long timestamp = started.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", USER_AGENT);
        headers.put("webhook-id", message.id());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", Signatures.header(message.id(), timestamp, message.body(),
                endpoint.signingSecrets(started)));
        return sender.send(new WebhookSender.Request(endpoint.url(), addresses, headers,
                message.body().getBytes(StandardCharsets.UTF_8)));
    }

    private void failed(Delivery delivery, Endpoint endpoint, Attempt attempt, WebhookSender.Result result) {
        Instant now = clock.instant();
        Instant failingSince = store.updateEndpoint(endpoint.id(), e -> e.failing(attempt.at()))
                .map(Endpoint::failingSince).orElse(attempt.at());
        if (Duration.between(failingSince, now).compareTo(disableAfter) >= 0) {
            store.complete(delivery.failed(true, attempt.error()), attempt);
            disable(endpoint, "no successful delivery since " + failingSince + " (for longer than " + disableAfter
                    + "); last error: " + attempt.error());
            return;
        }
        Optional<Instant> next = retries.next(delivery.failures() + 1, now, result.status(), result.retryAfter());
        if (next.isPresent()) {
            store.complete(delivery.retryAt(next.get(), attempt.error()), attempt);
        } else {
            store.complete(delivery.failed(true, "gave up after " + attempt.number() + " attempts; last error: "
                    + attempt.error()), attempt);
        }
        log.debug("webhook {} to {} failed (attempt {}): {}", delivery.messageId(), endpoint.id(), attempt.number(),
                attempt.error());
    }

    private void disable(Endpoint endpoint, String reason) {
        store.disableEndpoint(endpoint.id(), reason, clock.instant());
        // The host only: webhook URLs often carry a secret in their path or query (chat integrations do).
        log.warn("webhook endpoint {} (host {}) disabled: {}", endpoint.id(), endpoint.url().getHost(), reason);
    }

    /** The error of a response, or null for a 2xx. */
    static String describeStatus(Integer status) {
        if (status == null || (status >= 200 && status < 300)) {
            return null;
        }
        if (status >= 300 && status < 400) {
            return "HTTP " + status + " (redirects are not followed)";
        }
        return "HTTP " + status;
    }
}
