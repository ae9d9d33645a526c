package dev.quire.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final List<Duration> SCHEDULE = WebhookSettings.defaults().retrySchedule();

    @Test
    void next_withoutJitter_followsTheScheduleThenGivesUp() {
        RetryPolicy policy = new RetryPolicy(SCHEDULE, 0, Duration.ofHours(24), () -> 0.5);
        for (int failures = 1; failures <= SCHEDULE.size(); failures++) {
            assertEquals(Optional.of(NOW.plus(SCHEDULE.get(failures - 1))), policy.next(failures, NOW, 500, null));
        }
        assertEquals(Optional.empty(), policy.next(SCHEDULE.size() + 1, NOW, 500, null));
    }

    @Test
    void next_withJitter_staysWithinTheJitterBand() {
        RetryPolicy low = new RetryPolicy(SCHEDULE, 0.2, Duration.ofHours(24), () -> 0.0);
        RetryPolicy high = new RetryPolicy(SCHEDULE, 0.2, Duration.ofHours(24), () -> 0.999999);
        assertEquals(NOW.plus(Duration.ofMinutes(4)), low.next(2, NOW, null, null).orElseThrow());
        Instant latest = high.next(2, NOW, null, null).orElseThrow();
        assertTrue(latest.isAfter(NOW.plus(Duration.ofSeconds(359))) && latest.isBefore(NOW.plus(Duration.ofMinutes(6))));
    }

    @Test
    void next_429WithRetryAfterSeconds_waitsAtLeastThatLong() {
        RetryPolicy policy = new RetryPolicy(SCHEDULE, 0, Duration.ofHours(24), () -> 0.5);
        assertEquals(NOW.plusSeconds(120), policy.next(1, NOW, 429, "120").orElseThrow());
        assertEquals(NOW.plusSeconds(120), policy.next(1, NOW, 503, " 120 ").orElseThrow());
    }

    @Test
    void next_retryAfterShorterThanSchedule_keepsTheSchedule() {
        RetryPolicy policy = new RetryPolicy(SCHEDULE, 0, Duration.ofHours(24), () -> 0.5);
        assertEquals(NOW.plus(Duration.ofMinutes(5)), policy.next(2, NOW, 429, "1").orElseThrow());
    }

    @Test
    void next_retryAfterOnOtherStatus_isIgnored() {
        RetryPolicy policy = new RetryPolicy(SCHEDULE, 0, Duration.ofHours(24), () -> 0.5);
        assertEquals(NOW.plusSeconds(5), policy.next(1, NOW, 500, "3600").orElseThrow());
    }

    @Test
    void next_retryAfterHttpDate_waitsUntilThen() {
        RetryPolicy policy = new RetryPolicy(SCHEDULE, 0, Duration.ofHours(24), () -> 0.5);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(900).atOffset(ZoneOffset.UTC));
        assertEquals(NOW.plusSeconds(900), policy.next(1, NOW, 503, date).orElseThrow());
    }

    @Test
    void next_hugeRetryAfter_isCutToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(SCHEDULE, 0, Duration.ofHours(1), () -> 0.5);
        assertEquals(NOW.plus(Duration.ofHours(1)), policy.next(1, NOW, 429, "99999999999999999999").orElseThrow());
    }

    @Test
    void parseRetryAfter_garbage_isIgnored() {
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("soon", NOW));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("-5", NOW));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter(null, NOW));
    }
}
