package dev.quire.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * {@code GET /health}: answers {@code {"status":"ok"}} while the process serves requests. For load balancers and
 * scripts that wait for start-up; says nothing yet about storage (it will once storage exists).
 */
@Path("/health")
public final class HealthResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> health() {
        return Map.of("status", "ok");
    }
}
