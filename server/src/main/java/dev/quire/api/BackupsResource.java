package dev.quire.api;

import dev.quire.store.BackupInfo;
import dev.quire.store.Backups;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code /api/admin/backups}: take a consistent backup of the database while the server runs, and list the
 * backups taken (docs/operations.md). The files stay on the server, in its backup directory; this API does not
 * serve their content. A failed copy is a 500 problem (the server log says why). The copy ({@code VACUUM INTO}) and
 * the listing run on {@link StoreCalls}. Thread-safe.
 */
@Path("/api/admin/backups")
@Produces(MediaType.APPLICATION_JSON)
public final class BackupsResource {

    private final Backups backups;
    private final StoreCalls calls;

    public BackupsResource(Backups backups, StoreCalls calls) {
        this.backups = backups;
        this.calls = calls;
    }

    /** Takes a backup now; any request body is ignored. 201 with the new backup. */
    @POST
    public CompletionStage<Response> create() {
        return calls.run(() -> {
            BackupInfo created = backups.create();
            return Response.status(Response.Status.CREATED).entity(json(created)).build();
        });
    }

    @GET
    public CompletionStage<Map<String, Object>> list() {
        return calls.run(() -> Map.of("backups", backups.list().stream().map(BackupsResource::json).toList()));
    }

    private static Map<String, Object> json(BackupInfo backup) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", backup.name());
        json.put("bytes", backup.bytes());
        json.put("createdAt", backup.createdAt().toString());
        return json;
    }
}
