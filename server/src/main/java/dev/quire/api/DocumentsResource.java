package dev.quire.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.collab.DocumentHubs;
import dev.quire.store.DocumentStore;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import java.util.concurrent.CompletionStage;

/**
 * The documents API ({@code docs/rest.md}, {@code /api/openapi.json}): this class is its routing table
 * only; reads are in {@link DocumentReads}, writes in {@link DocumentWrites}. Bodies are taken as
 * streams and checked there, so that every refusal — size, media type, syntax, fields — is a precise
 * problem+json answer rather than a framework default. Every route returns a {@link CompletionStage}: what waits for a
 * hub or the store's writes completes when they do, what reads the store runs on {@link StoreCalls}; Jersey suspends
 * the request and answers when it completes, so no request thread - which, with Grizzly's leader-follower strategy,
 * also reads other connections - waits for a commit, an fsync or a read.
 * Thread-safe; one instance serves all requests.
 */
@Path("/api/documents")
public final class DocumentsResource {
    private final DocumentReads reads;
    private final DocumentWrites writes;
    private final DocumentSaves saves;

    /** @param json a mapper with {@link dev.quire.json.DeltaJsonModule} registered */
    public DocumentsResource(DocumentHubs hubs, DocumentStore store, ObjectMapper json, ApiSettings settings,
                             StoreCalls calls) {
        DocumentJson out = new DocumentJson(json);
        this.reads = new DocumentReads(hubs, store, out, settings, calls);
        this.writes = new DocumentWrites(hubs, out, settings);
        this.saves = new DocumentSaves(hubs, store, out, settings, calls);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                         @Context SecurityContext security) {
        return reads.list(limit, cursor, PrincipalContext.of(security)::mayRead);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> create(@Context HttpHeaders headers, InputStream body, @Context SecurityContext security) {
        return writes.create(headers, body, writer(security));
    }

    @GET
    @Path("{id}")
    public CompletionStage<Response> get(@PathParam("id") String id, @Context Request request) {
        return reads.get(id, request);
    }

    @PATCH
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> patch(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body,
                          @Context SecurityContext security) {
        return writes.patch(id, headers, body, writer(security));
    }

    @DELETE
    @Path("{id}")
    public CompletionStage<Response> delete(@PathParam("id") String id, @Context HttpHeaders headers) {
        return writes.delete(id, headers);
    }

    @PUT
    @Path("{id}/content")
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> replaceContent(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body,
                                   @Context SecurityContext security) {
        return writes.replace(id, headers, body, writer(security));
    }

    @GET
    @Path("{id}/ops")
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> ops(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to) {
        return reads.ops(id, from, to);
    }

    @GET
    @Path("{id}/versions/{version}")
    public CompletionStage<Response> version(@PathParam("id") String id, @PathParam("version") String version,
                            @Context Request request) {
        return reads.version(id, version, request);
    }

    @POST
    @Path("{id}/saves")
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> save(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body) {
        return saves.create(id, headers, body);
    }

    @GET
    @Path("{id}/saves")
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> saves(@PathParam("id") String id) {
        return saves.list(id);
    }

    @GET
    @Path("{id}/saves/{number}")
    public CompletionStage<Response> savedVersion(@PathParam("id") String id, @PathParam("number") String number,
                                 @Context Request request) {
        return saves.get(id, number, request);
    }

    @POST
    @Path("{id}/saves/{number}/restore")
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> restore(@PathParam("id") String id, @PathParam("number") String number,
                            @Context HttpHeaders headers, InputStream body, @Context SecurityContext security) {
        return saves.restore(id, number, headers, body, writer(security));
    }

    /** Whom a write counts against for the per-credential write budget. */
    private static String writer(SecurityContext security) {
        return PrincipalContext.of(security).writerKey();
    }
}
