package dev.quire.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Health checks for process supervisors and load balancers (docs/operations.md, "Health"):
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process serves HTTP at all - restart it when this fails;</li>
 *   <li>{@code GET /health/ready}: 200 once storage is open and migrated and the server accepts connections, 503
 *       problem+json while it drains for shutdown - send it no new users then;</li>
 *   <li>{@code GET /health}: the same as ready (what scripts and older checks call).</li>
 * </ul>
 * Thread-safe.
 */
@Path("/health")
public final class HealthResource {

    private static final Map<String, String> OK = Map.of("status", "ok");

    private final BooleanSupplier ready;

    /** Always ready (tests of other resources). */
    public HealthResource() {
        this(() -> true);
    }

    /** @param ready false while the server drains (storage being open is implied: this resource exists after it) */
    public HealthResource(BooleanSupplier ready) {
        this.ready = ready;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> health() {
        return ready();
    }

    @GET
    @Path("live")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> live() {
        return OK;
    }

    /** @throws ApiException 503 while draining */
    @GET
    @Path("ready")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> ready() {
        if (!ready.getAsBoolean()) {
            throw new ApiException(503, "The server is shutting down and accepts no new work.");
        }
        return OK;
    }
}
