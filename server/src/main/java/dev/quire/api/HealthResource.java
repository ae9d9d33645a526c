package dev.quire.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Health checks for process supervisors and load balancers (docs/operations.md, "Health"):
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process serves HTTP at all - restart it when this fails;</li>
 *   <li>{@code GET /health/ready}: 200 once storage is open and migrated and the server accepts connections, 503
 *       problem+json while it drains for shutdown or (cluster mode) cannot reach PostgreSQL - send it no new users
 *       then; 200 with {@code "status":"degraded"} and the reasons while a speed-up (Redis) is away;</li>
 *   <li>{@code GET /health}: the same as ready (what scripts and older checks call).</li>
 * </ul>
 * Thread-safe.
 */
@Path("/health")
public final class HealthResource {

    private static final Map<String, Object> OK = Map.of("status", "ok");

    private final Supplier<Readiness> readiness;

    /** Always ready (tests of other resources). */
    public HealthResource() {
        this(() -> true);
    }

    /** @param ready false while the server drains (storage being open is implied: this resource exists after it) */
    public HealthResource(BooleanSupplier ready) {
        this(() -> ready.getAsBoolean() ? Readiness.READY : Readiness.DRAINING);
    }

    /** @param readiness asked at every request: must answer from memory, never wait for a remote service */
    public HealthResource(Supplier<Readiness> readiness) {
        this.readiness = readiness;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> health() {
        return ready();
    }

    @GET
    @Path("live")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> live() {
        return OK;
    }

    /** @throws ApiException 503 while draining or while storage is unreachable */
    @GET
    @Path("ready")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> ready() {
        Readiness now = readiness.get();
        if (!now.isReady()) {
            throw new ApiException(ApiError.NOT_READY, now.notReady());
        }
        if (now.degraded().isEmpty()) {
            return OK;
        }
        Map<String, Object> degraded = new LinkedHashMap<>();
        degraded.put("status", "degraded");
        degraded.put("degraded", now.degraded());
        return degraded;
    }
}
