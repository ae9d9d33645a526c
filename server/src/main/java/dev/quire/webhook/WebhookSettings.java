package dev.quire.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How webhooks behave; {@link #defaults()} for production, {@code with...} to change one setting.
 *
 * @param publicBaseUrl       the server's address as receivers reach it, for the URLs in payloads
 * @param allowPrivateTargets let endpoints resolve to loopback, private (RFC 1918, fc00::/7), link-local and
 *                            CGNAT addresses (local integrations, tests); metadata, multicast and unspecified
 *                            addresses stay refused
 * @param retrySchedule       delay before retry 1, 2, ...: a delivery failing once more than its length is given up
 * @param jitter              each delay is multiplied by a random factor in {@code [1 - jitter, 1 + jitter]}
 *                            so that receivers coming back are not hit by every retry at once
 * @param maxRetryAfter       longest {@code Retry-After} honoured (longer asks are cut to this)
 * @param connectTimeout      per address tried
 * @param attemptTimeout      whole attempt: connect, TLS, request, response head
 * @param disableAfter        an endpoint with no success for this long since its first failure is disabled
 * @param previousSecretTtl   how long the old secret keeps signing after a rotation
 * @param secretBytes         random bytes in a generated secret (24-64)
 * @param maxConcurrency      attempts in flight at once, over all endpoints
 * @param pollInterval        how often the dispatcher looks for due deliveries when nothing wakes it
 * @param logRetention        finished deliveries (and their messages and attempt logs) older than this are
 *                            forgotten; pending ones are kept whatever their age
 */
public record WebhookSettings(URI publicBaseUrl, boolean allowPrivateTargets, List<Duration> retrySchedule,
                              double jitter, Duration maxRetryAfter, Duration connectTimeout,
                              Duration attemptTimeout, Duration disableAfter, Duration previousSecretTtl,
                              int secretBytes, int maxConcurrency, Duration pollInterval,
                              Duration logRetention) {

    public WebhookSettings {
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        retrySchedule = List.copyOf(retrySchedule);
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
        if (secretBytes < 24 || secretBytes > 64) {
            throw new IllegalArgumentException("secretBytes must be 24-64: " + secretBytes);
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be positive: " + maxConcurrency);
        }
        for (Duration d : List.of(maxRetryAfter, connectTimeout, attemptTimeout, disableAfter, previousSecretTtl,
                pollInterval, logRetention)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + d);
            }
        }
    }

    /**
     * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about 28 h in all), 20 % jitter; disabled after 5 days of failing;
     * private targets refused; old secrets sign for 24 h; the delivery log is kept 30 days.
     */
    public static WebhookSettings defaults() {
        return new WebhookSettings(URI.create("http://localhost:8080"), false,
                List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                        Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10)),
                0.2, Duration.ofHours(24), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofDays(5),
                Duration.ofHours(24), 32, 4, Duration.ofSeconds(1), Duration.ofDays(30));
    }

    /** How long a claimed delivery stays leased: longer than any attempt can take. */
    public Duration lease() {
        return attemptTimeout.plus(connectTimeout).plusSeconds(30);
    }

    public WebhookSettings withPublicBaseUrl(URI url) {
        return new WebhookSettings(url, allowPrivateTargets, retrySchedule, jitter, maxRetryAfter, connectTimeout,
                attemptTimeout, disableAfter, previousSecretTtl, secretBytes, maxConcurrency, pollInterval, logRetention);
    }

    public WebhookSettings withAllowPrivateTargets(boolean allow) {
        return new WebhookSettings(publicBaseUrl, allow, retrySchedule, jitter, maxRetryAfter, connectTimeout,
                attemptTimeout, disableAfter, previousSecretTtl, secretBytes, maxConcurrency, pollInterval, logRetention);
    }

    public WebhookSettings withRetrySchedule(List<Duration> schedule, double jitter) {
        return new WebhookSettings(publicBaseUrl, allowPrivateTargets, schedule, jitter, maxRetryAfter,
                connectTimeout, attemptTimeout, disableAfter, previousSecretTtl, secretBytes, maxConcurrency,
                pollInterval, logRetention);
    }

    public WebhookSettings withTimeouts(Duration connect, Duration attempt) {
        return new WebhookSettings(publicBaseUrl, allowPrivateTargets, retrySchedule, jitter, maxRetryAfter, connect,
                attempt, disableAfter, previousSecretTtl, secretBytes, maxConcurrency, pollInterval, logRetention);
    }

    public WebhookSettings withDisableAfter(Duration period) {
        return new WebhookSettings(publicBaseUrl, allowPrivateTargets, retrySchedule, jitter, maxRetryAfter,
                connectTimeout, attemptTimeout, period, previousSecretTtl, secretBytes, maxConcurrency, pollInterval, logRetention);
    }

    public WebhookSettings withPreviousSecretTtl(Duration ttl) {
        return new WebhookSettings(publicBaseUrl, allowPrivateTargets, retrySchedule, jitter, maxRetryAfter,
                connectTimeout, attemptTimeout, disableAfter, ttl, secretBytes, maxConcurrency, pollInterval, logRetention);
    }

    public WebhookSettings withConcurrency(int max, Duration poll) {
        return new WebhookSettings(publicBaseUrl, allowPrivateTargets, retrySchedule, jitter, maxRetryAfter,
                connectTimeout, attemptTimeout, disableAfter, previousSecretTtl, secretBytes, max, poll, logRetention);
    }

    public WebhookSettings withLogRetention(Duration retention) {
        return new WebhookSettings(publicBaseUrl, allowPrivateTargets, retrySchedule, jitter, maxRetryAfter,
                connectTimeout, attemptTimeout, disableAfter, previousSecretTtl, secretBytes, maxConcurrency,
                pollInterval, retention);
    }
}
