package dev.quire.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.auth.AccessGrants;
import dev.quire.auth.Principal;
import dev.quire.auth.Role;
import dev.quire.collab.DocumentIds;
import dev.quire.auth.AccessGrant;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * {@code /api/documents/{id}/share-links} (edit access to the document by a credential that is not a share link, by
 * {@link AccessRules}): create, list and revoke a document's share links. The secret is in the answer to the create
 * only; each link records who made it ({@code createdBy}); revoking closes the live sessions admitted with the link.
 * What reads or writes the grants runs on {@link StoreCalls}. Thread-safe.
 */
@Path("/api/documents/{id}/share-links")
@Produces(MediaType.APPLICATION_JSON)
public final class ShareLinksResource {
    private static final Set<String> FIELDS = Set.of("role", "label");

    private final AccessGrants grants;
    private final StoreCalls calls;

    public ShareLinksResource(AccessGrants grants, StoreCalls calls) {
        this.grants = grants;
        this.calls = calls;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> create(@PathParam("id") String documentId, JsonNode body,
                                            @Context SecurityContext security) {
        checkId(documentId);
        JsonFields fields = JsonFields.of(body, FIELDS);
        String roleName = fields.text("role", null, 10);
        Role role = roleName == null ? null : Role.ofWire(roleName).orElse(null);
        if (role == null) {
            throw JsonFields.invalid("role: required, \"view\" or \"edit\"");
        }
        String label = fields.text("label", "", 200);
        Principal creator = PrincipalContext.of(security);
        return calls.run(() -> {
            AccessGrants.Issued issued = grants.issueShareLink(documentId, role, label, creator);
            Map<String, Object> json = json(issued.grant());
            json.put("secret", issued.secret());
            // A path, not a full URL (the server may sit behind a proxy; the client joins it to its own origin). The
            // secret rides in the fragment, which browsers never send: it stays out of request lines, proxy logs and
            // Referer headers, and the web client moves it to sessionStorage and strips it from the address bar.
            json.put("path", "/d/" + documentId + "#token=" + issued.secret());
            return Response.created(URI.create("/api/documents/" + documentId + "/share-links/"
                    + issued.grant().id())).entity(json).header("Cache-Control", "no-store").build();
        });
    }

    @GET
    public CompletionStage<Map<String, Object>> list(@PathParam("id") String documentId) {
        checkId(documentId);
        return calls.run(() -> Map.of("links", grants.shareLinks(documentId).stream().map(ShareLinksResource::json)
                .toList()));
    }

    @DELETE
    @Path("{linkId}")
    public CompletionStage<Response> revoke(@PathParam("id") String documentId, @PathParam("linkId") String linkId) {
        return calls.run(() -> {
            AccessGrant link = grants.find(linkId)
                    .filter(g -> g.kind() == AccessGrant.Kind.SHARE_LINK && g.documentId().equals(documentId))
                    .orElseThrow(() -> new ApiException(ApiError.NOT_FOUND, "document " + documentId
                            + " has no share link " + linkId));
            grants.revoke(link.id());
            return Response.noContent().build();
        });
    }

    private static void checkId(String documentId) {
        if (!DocumentIds.isValid(documentId)) {
            throw new ApiException(ApiError.INVALID_DOCUMENT_ID, "a document id is 1 to 64 letters, digits, '-' or '_'");
        }
    }

    static Map<String, Object> json(AccessGrant link) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", link.id());
        json.put("documentId", link.documentId());
        json.put("role", link.role());
        json.put("label", link.label());
        json.put("createdAt", link.createdAt().toString());
        json.put("revokedAt", link.revokedAt() == null ? null : link.revokedAt().toString());
        json.put("createdBy", link.createdBy());
        return json;
    }
}
