package dev.quire.app;

import dev.quire.collab.ErrorCode;
import dev.quire.limit.RateLimiter;
import java.io.IOException;
import java.util.function.Function;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Rate limit of the REST API per client ({@link ClientKeys}): a token bucket each; a request over the limit is
 * answered {@code 429} problem+json with {@code Retry-After} (whole seconds, at least 1) and never reaches
 * Jersey. {@code /health} is exempt (monitoring polls it and it costs nothing), and so are static files (served
 * from memory, cached by browsers). Thread-safe.
 */
final class ApiRateLimit {
    /** Clients tracked at most; beyond, idle ones are forgotten (see {@link RateLimiter}). */
    private static final int MAX_CLIENTS = 100_000;

    private final RateLimiter limiter;
    private final Function<Request, String> clientKey;

    ApiRateLimit(double perSecond, int burst, Function<Request, String> clientKey) {
        this.limiter = new RateLimiter(burst, perSecond, MAX_CLIENTS, System::nanoTime);
        this.clientKey = clientKey;
    }

    /** @return true if the request may proceed; otherwise the 429 has been sent */
    boolean admit(Request request, Response response) throws IOException {
        RateLimiter.Decision decision = limiter.tryAcquire(clientKey.apply(request));
        if (decision.allowed()) {
            return true;
        }
        long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
        response.setHeader("Retry-After", Long.toString(seconds));
        HttpProblems.send(response, 429, "Too many requests; retry after " + seconds + " s.",
                ErrorCode.RATE_LIMITED.wire());
        return false;
    }

}
