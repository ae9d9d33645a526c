package dev.quire.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.auth.AccessGrants;
import dev.quire.auth.Scope;
import dev.quire.collab.DocumentIds;
import dev.quire.auth.AccessGrant;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;

/**
 * {@code /api/tokens} (admin only, by {@link AccessRules}): create, list and revoke API tokens. The secret is in the
 * answer to the create and nowhere else, ever. What reads or writes the grants runs on {@link StoreCalls}. Thread-safe.
 */
@Path("/api/tokens")
@Produces(MediaType.APPLICATION_JSON)
public final class TokensResource {
    private static final Set<String> FIELDS = Set.of("name", "scopes", "documentIds", "expiresAt");

    private final AccessGrants grants;
    private final StoreCalls calls;

    public TokensResource(AccessGrants grants, StoreCalls calls) {
        this.grants = grants;
        this.calls = calls;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> create(JsonNode body) {
        JsonFields fields = JsonFields.of(body, FIELDS);
        String name = fields.text("name", "", 200);
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String wire : fields.strings("scopes")) {
            scopes.add(Scope.ofWire(wire).orElseThrow(() -> JsonFields.invalid("scopes: unknown scope '" + wire
                    + "'; known: documents:read, documents:write, webhooks:manage, admin")));
        }
        if (scopes.isEmpty()) {
            throw JsonFields.invalid("scopes: at least one of documents:read, documents:write, webhooks:manage, admin");
        }
        Set<String> documentIds = fields.strings("documentIds");
        for (String id : documentIds) {
            if (!DocumentIds.isValid(id)) {
                throw JsonFields.invalid("documentIds: '" + id + "' is not a document id");
            }
        }
        Instant expiresAt = fields.instant("expiresAt");
        return calls.run(() -> {
            AccessGrants.Issued issued = grants.issueApiToken(name, scopes, documentIds, expiresAt);
            Map<String, Object> json = json(issued.grant());
            json.put("token", issued.secret());
            return Response.created(URI.create("/api/tokens/" + issued.grant().id())).entity(json)
                    .header("Cache-Control", "no-store").build();
        });
    }

    @GET
    public CompletionStage<Map<String, Object>> list() {
        return calls.run(() -> Map.of("tokens", grants.apiTokens().stream().map(TokensResource::json).toList()));
    }

    @DELETE
    @Path("{id}")
    public CompletionStage<Response> revoke(@PathParam("id") String id) {
        return calls.run(() -> {
            AccessGrant grant = grants.find(id).filter(g -> g.kind() == AccessGrant.Kind.API_TOKEN)
                    .orElseThrow(() -> new ApiException(ApiError.NOT_FOUND, "no API token " + id));
            grants.revoke(grant.id());
            return Response.noContent().build();
        });
    }

    static Map<String, Object> json(AccessGrant grant) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", grant.id());
        json.put("name", grant.label());
        json.put("scopes", new TreeSet<>(grant.scopes()));
        json.put("documentIds", new TreeSet<>(grant.documentIds()));
        json.put("createdAt", grant.createdAt().toString());
        json.put("expiresAt", grant.expiresAt() == null ? null : grant.expiresAt().toString());
        json.put("revokedAt", grant.revokedAt() == null ? null : grant.revokedAt().toString());
        return json;
    }
}
