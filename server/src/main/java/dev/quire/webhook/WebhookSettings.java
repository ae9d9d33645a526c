package dev.quire.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How webhooks behave; {@link #defaults()} for production, {@link #toBuilder()} to change some settings.
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

    /** A builder holding these values, to change some of them by name. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes values of a {@link WebhookSettings} by name; {@link #build()} checks them as the constructor does. */
    public static final class Builder {
        private URI publicBaseUrl;
        private boolean allowPrivateTargets;
        private List<Duration> retrySchedule;
        private double jitter;
        private Duration maxRetryAfter;
        private Duration connectTimeout;
        private Duration attemptTimeout;
        private Duration disableAfter;
        private Duration previousSecretTtl;
        private int secretBytes;
        private int maxConcurrency;
        private Duration pollInterval;
        private Duration logRetention;

        private Builder(WebhookSettings from) {
            publicBaseUrl = from.publicBaseUrl;
            allowPrivateTargets = from.allowPrivateTargets;
            retrySchedule = from.retrySchedule;
            jitter = from.jitter;
            maxRetryAfter = from.maxRetryAfter;
            connectTimeout = from.connectTimeout;
            attemptTimeout = from.attemptTimeout;
            disableAfter = from.disableAfter;
            previousSecretTtl = from.previousSecretTtl;
            secretBytes = from.secretBytes;
            maxConcurrency = from.maxConcurrency;
            pollInterval = from.pollInterval;
            logRetention = from.logRetention;
        }

        public Builder publicBaseUrl(URI value) {
            publicBaseUrl = value;
            return this;
        }

        public Builder allowPrivateTargets(boolean value) {
            allowPrivateTargets = value;
            return this;
        }

        public Builder retrySchedule(List<Duration> value) {
            retrySchedule = value;
            return this;
        }

        public Builder jitter(double value) {
            jitter = value;
            return this;
        }

        public Builder maxRetryAfter(Duration value) {
            maxRetryAfter = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder attemptTimeout(Duration value) {
            attemptTimeout = value;
            return this;
        }

        public Builder disableAfter(Duration value) {
            disableAfter = value;
            return this;
        }

        public Builder previousSecretTtl(Duration value) {
            previousSecretTtl = value;
            return this;
        }

        public Builder secretBytes(int value) {
            secretBytes = value;
            return this;
        }

        public Builder maxConcurrency(int value) {
            maxConcurrency = value;
            return this;
        }

        public Builder pollInterval(Duration value) {
            pollInterval = value;
            return this;
        }

        public Builder logRetention(Duration value) {
            logRetention = value;
            return this;
        }

        public WebhookSettings build() {
            return new WebhookSettings(publicBaseUrl, allowPrivateTargets, retrySchedule, jitter, maxRetryAfter,
                    connectTimeout, attemptTimeout, disableAfter, previousSecretTtl, secretBytes, maxConcurrency,
                    pollInterval, logRetention);
        }
    }
}
