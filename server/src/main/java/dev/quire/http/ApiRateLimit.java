package dev.quire.http;

import dev.quire.api.ApiError;
import dev.quire.api.AuthFilter;
import dev.quire.api.Problem;
import dev.quire.limit.RateLimiter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.util.Optional;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Rate limit of the REST API per client ({@link ClientKeys}): a token bucket each; a request over the limit is
 * answered {@code 429} problem+json with {@code Retry-After} (whole seconds, at least 1). {@code /health} is exempt
 * (monitoring polls it and it costs nothing), and so are static files (served from memory, cached by browsers).
 * Thread-safe.
 *
 * <p>Two steps. {@link #admit} runs before Jersey and charges the client's address, so a client that presents no
 * credential or a bad one - a fresh random one each time included - is limited by address, and once its address is
 * out of tokens it is refused before its credential costs a lookup. When {@link AuthFilter} then verifies a
 * credential, {@link #afterAuthentication()} gives the address its token back and charges the principal instead:
 * verified clients behind one address have budgets of their own. The price: while an address is out of tokens,
 * valid credentials from it are refused too, as they cannot be told from bad ones without the lookup.
 */
final class ApiRateLimit {
    /** Clients tracked at most; beyond, the least active are forgotten (see {@link RateLimiter}). */
    private static final int MAX_CLIENTS = 100_000;
    /** Request attribute (a Jersey property): the address key {@link #admit} charged. */
    private static final String CHARGED = "quire.rate-limit.address";

    private final RateLimiter limiter;

    ApiRateLimit(double perSecond, int burst) {
        this.limiter = new RateLimiter(burst, perSecond, MAX_CLIENTS, System::nanoTime);
    }

    /** Charges the request's address. @return true if the request may proceed; otherwise the 429 has been sent */
    boolean admit(Request request, Response response) throws IOException {
        String address = ClientKeys.address(request);
        RateLimiter.Decision decision = limiter.tryAcquire(address);
        if (decision.allowed()) {
            request.setAttribute(CHARGED, address);
            return true;
        }
        long seconds = retryAfterSeconds(decision);
        response.setHeader("Retry-After", Long.toString(seconds));
        HttpProblems.send(response, 429, detail(seconds), ApiError.RATE_LIMITED.wire());
        return false;
    }

    /** The filter that moves the charge of a request {@link AuthFilter} authenticated to its principal. */
    ContainerRequestFilter afterAuthentication() {
        return new PrincipalCharge(this);
    }

    private static long retryAfterSeconds(RateLimiter.Decision decision) {
        return Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
    }

    private static String detail(long seconds) {
        return "Too many requests; retry after " + seconds + " s.";
    }

    /** Right after {@link AuthFilter}, which is pre-matching with priority {@link Priorities#AUTHENTICATION}. */
    @PreMatching
    @Priority(Priorities.AUTHENTICATION + 1)
    static final class PrincipalCharge implements ContainerRequestFilter {
        private final ApiRateLimit limit;

        PrincipalCharge(ApiRateLimit limit) {
            this.limit = limit;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            Optional<String> principal = AuthFilter.principalOf(request).flatMap(ClientKeys::principal);
            if (principal.isEmpty() || !(request.getProperty(CHARGED) instanceof String address)) {
                return;
            }
            limit.limiter.giveBack(address, 1);
            RateLimiter.Decision decision = limit.limiter.tryAcquire(principal.get());
            if (!decision.allowed()) {
                long seconds = retryAfterSeconds(decision);
                request.abortWith(jakarta.ws.rs.core.Response.status(Status.TOO_MANY_REQUESTS)
                        .type(Problem.MEDIA_TYPE)
                        .entity(Problem.of(429, detail(seconds), ApiError.RATE_LIMITED.wire()))
                        .header("Retry-After", Long.toString(seconds))
                        .header("Cache-Control", "no-store")
                        .build());
            }
        }
    }
}
