package dev.quire.api;

import dev.quire.auth.Principal;
import dev.quire.auth.Scope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /api/me}: what the presented credential is and allows. The web client resolves a share link with it
 * (which document, which role) and shows a read-only editor to viewers. Thread-safe.
 */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
public final class MeResource {

    @GET
    public Map<String, Object> me(@Context SecurityContext security) {
        Principal principal = PrincipalContext.of(security);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", principal.kind().wire());
        json.put("userId", principal.userId());
        json.put("name", principal.name());
        json.put("color", principal.color());
        TreeSet<String> scopes = new TreeSet<>();
        for (Scope scope : Scope.values()) {
            if (principal.has(scope)) {
                scopes.add(scope.wire());
            }
        }
        json.put("scopes", scopes);
        Map<String, String> documents = new TreeMap<>();
        principal.documents().keySet()
                .forEach(id -> principal.roleFor(id).ifPresent(role -> documents.put(id, role.wire())));
        json.put("documents", documents);
        json.put("expiresAt", principal.expiresAt() == null ? null : principal.expiresAt().toString());
        return json;
    }
}
