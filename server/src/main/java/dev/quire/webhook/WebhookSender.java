package dev.quire.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Makes one HTTP POST of a webhook; {@link PinnedHttpSender} in production. Implementations are thread-safe. */
interface WebhookSender {

    /**
     * @param url       the endpoint URL (its host goes into {@code Host} and TLS)
     * @param addresses the checked addresses of its host, to connect to in order - never another look-up
     * @param headers   header name to value, sent in this order
     * @param body      the exact bytes
     */
    record Request(URI url, List<InetAddress> addresses, Map<String, String> headers, byte[] body) {
    }

    /**
     * @param status     the response status, or null if there was no (valid) response
     * @param retryAfter the {@code Retry-After} header as sent, or null
     * @param latency    from the start to the response head, or to the failure
     * @param error      why there was no response, or null
     */
    record Result(Integer status, String retryAfter, Duration latency, String error) {
        static Result failure(String error, Duration latency) {
            return new Result(null, null, latency, error);
        }
    }

    /** Never throws for network failures: they are a {@link Result} with an error. */
    Result send(Request request);
}
