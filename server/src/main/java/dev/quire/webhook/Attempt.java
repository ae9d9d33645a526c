package dev.quire.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the delivery log: an HTTP attempt, or a refusal to make it (an SSRF refusal has no status code).
 *
 * @param messageId  the message
 * @param endpointId the endpoint
 * @param number     1 for the first attempt of this delivery, then 2, 3, ...
 * @param at         when the attempt started
 * @param statusCode the receiver's HTTP status, or null if there was no response
 * @param latency    from the start of the attempt to the response (or the failure)
 * @param error      why it failed, or null on success
 */
public record Attempt(String messageId, String endpointId, int number, Instant at, Integer statusCode,
                      Duration latency, String error) {

    public Attempt {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(latency, "latency");
    }

    public boolean succeeded() {
        return error == null;
    }
}
