package dev.quire.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed delivery again: the configured schedule (exponential in spirit: 5 s, 5 min, 30 min, 2 h,
 * ...) with random jitter, and never earlier than a 429's or 503's {@code Retry-After} asks (cut to {@code
 * maxRetryAfter}). A Retry-After never makes a retry sooner than the schedule: a receiver that failed four times
 * asking for "1 second" still waits the fourth step. Thread-safe if the random source is.
 */
final class RetryPolicy {

    private final List<Duration> schedule;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final DoubleSupplier random;

    /** @param random values in [0, 1) */
    RetryPolicy(List<Duration> schedule, double jitter, Duration maxRetryAfter, DoubleSupplier random) {
        this.schedule = List.copyOf(schedule);
        this.jitter = jitter;
        this.maxRetryAfter = maxRetryAfter;
        this.random = random;
    }

    /**
     * @param failures   failed attempts of the delivery, counting the one just made (1 after the first failure)
     * @param status     the response status, or null if there was none
     * @param retryAfter the response's {@code Retry-After}, or null
     * @return when to attempt next, or empty when the schedule is used up (the delivery is given up)
     */
    Optional<Instant> next(int failures, Instant now, Integer status, String retryAfter) {
        if (failures < 1 || failures > schedule.size()) {
            return Optional.empty();
        }
        Duration step = schedule.get(failures - 1);
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        Duration delay = Duration.ofNanos(Math.round(step.toNanos() * factor));
        if (status != null && (status == 429 || status == 503)) {
            Optional<Duration> asked = parseRetryAfter(retryAfter, now);
            if (asked.isPresent()) {
                Duration honoured = asked.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked.get();
                delay = honoured.compareTo(delay) > 0 ? honoured : delay;
            }
        }
        return Optional.of(now.plus(delay));
    }

    /**
     * {@code Retry-After} (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date (then the time until it). Empty when
     * absent or unreadable - a malformed header is ignored, not fatal.
     */
    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofDays(365)); // absurdly many digits: cut by maxRetryAfter
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration until = Duration.between(now, at);
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
