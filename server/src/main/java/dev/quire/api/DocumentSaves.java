package dev.quire.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quire.collab.DocumentHubs;
import dev.quire.collab.EditResult;
import dev.quire.collab.SaveResult;
import dev.quire.collab.User;
import dev.quire.ot.Delta;
import dev.quire.store.DocumentStore;
import dev.quire.store.SaveTrigger;
import dev.quire.store.SavedVersion;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Saved versions over REST: make one, list them, read one (in the document's formats), restore one. Saving and
 * restoring go through the document's hub, so live editors are told; what reads the store runs on {@link StoreCalls}.
 * Thread-safe.
 */
final class DocumentSaves {
    private static final String API_AUTHOR = "REST API";
    /** The longest label of a save, in UTF-16 units: the same as a WebSocket save's (docs/protocol.md). */
    static final int MAX_LABEL_LENGTH = 200;
    /** The longest name a restore is recorded under, in UTF-16 units. */
    static final int MAX_NAME_LENGTH = 100;

    private final DocumentHubs hubs;
    private final DocumentStore store;
    private final DocumentJson out;
    private final RequestBodies bodies;
    private final ApiSettings settings;
    private final StoreCalls calls;

    DocumentSaves(DocumentHubs hubs, DocumentStore store, DocumentJson out, ApiSettings settings, StoreCalls calls) {
        this.hubs = hubs;
        this.store = store;
        this.out = out;
        this.settings = settings;
        this.calls = calls;
        this.bodies = new RequestBodies(out.mapper(), settings.maxBodyBytes());
    }

    /** {@code POST .../saves} with an optional {@code {"label"}}: an explicit save of the document as it is now. */
    CompletableFuture<Response> create(String id, HttpHeaders headers, InputStream body) {
        byte[] bytes = bodies.bytes(body);
        String label = null;
        if (bytes.length > 0) {
            RequestBodies.requireType(headers.getMediaType(), MediaType.APPLICATION_JSON_TYPE);
            ObjectNode request = bodies.object(bytes);
            RequestBodies.onlyFields(request, Set.of("label"));
            label = RequestBodies.string(request, "label");
            if (label != null && (label.isBlank() || label.length() > MAX_LABEL_LENGTH)) {
                throw new ApiException(ApiError.INVALID_MESSAGE, "\"label\" must be 1 to "
                        + MAX_LABEL_LENGTH + " characters long, not blank");
            }
        }
        return confirmed(hubs.save(id, API_AUTHOR, SaveTrigger.EXPLICIT, label)).thenApply(result -> {
            if (result.isRefused()) {
                throw new ApiException(result.error(), result.detail());
            }
            SavedVersion saved = result.saved();
            return Response.created(URI.create("/api/documents/" + id + "/saves/" + saved.number()))
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(out.write(json(saved))).build();
        });
    }

    /** {@code {"id", "saves": [...]}}, newest first. */
    CompletableFuture<Response> list(String id) {
        return calls.run(() -> listNow(id));
    }

    private Response listNow(String id) {
        requireExists(id);
        ObjectNode body = out.mapper().createObjectNode().put("id", id);
        ArrayNode saves = body.putArray("saves");
        store.savedVersions(id).forEach(s -> saves.add(json(s)));
        return Response.ok(out.write(body), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** One saved version with its content: JSON (metadata + delta), HTML or plain text by {@code Accept}. */
    CompletableFuture<Response> get(String id, String numberParam, Request request) {
        return calls.run(() -> getNow(id, numberParam, request));
    }

    private Response getNow(String id, String numberParam, Request request) {
        SavedVersion saved = savedVersion(id, numberParam);
        Delta content = hubs.contentAt(id, saved.documentVersion()).orElseThrow(() -> DocumentReads.notFound(id));
        return Representations.render(request, saved.documentVersion(), content, () -> {
            ObjectNode node = json(saved);
            node.set("content", out.mapper().valueToTree(content));
            return out.write(node);
        });
    }

    /**
     * {@code POST .../saves/{n}/restore} with an optional {@code {"by"}} (the display name the restore is recorded
     * under and others are told; {@code REST API} without one): the document's content becomes the saved one, as a
     * new version, written as {@code writer} (see {@link dev.quire.auth.Principal#writerKey()}).
     */
    CompletableFuture<Response> restore(String id, String numberParam, HttpHeaders headers, InputStream body,
                                        String writer) {
        String ifMatch = headers.getHeaderString(HttpHeaders.IF_MATCH);
        String by = restorer(headers, body);
        return calls.run(() -> savedVersion(id, numberParam))
                .thenCompose(saved -> restore(id, saved, ifMatch, by, writer));
    }

    private String restorer(HttpHeaders headers, InputStream body) {
        byte[] bytes = bodies.bytes(body);
        if (bytes.length == 0) {
            return API_AUTHOR;
        }
        RequestBodies.requireType(headers.getMediaType(), MediaType.APPLICATION_JSON_TYPE);
        ObjectNode request = bodies.object(bytes);
        RequestBodies.onlyFields(request, Set.of("by"));
        String by = RequestBodies.string(request, "by");
        if (by == null) {
            return API_AUTHOR;
        }
        if (by.isBlank() || by.length() > MAX_NAME_LENGTH) {
            throw new ApiException(ApiError.INVALID_MESSAGE, "\"by\" must be 1 to " + MAX_NAME_LENGTH
                    + " characters long, not blank");
        }
        return by;
    }

    private CompletableFuture<Response> restore(String id, SavedVersion saved, String ifMatch, String by,
                                                String writer) {
        Long expected = Representations.ifMatch(ifMatch);
        User author = new User("api:" + UUID.randomUUID(), by, "#607d8b");
        return confirmed(hubs.restore(id, saved.number(), author, writer, expected)).thenApply(result -> {
            if (!result.isCommitted()) {
                throw ApiException.refused(result);
            }
            return Response.ok(out.write(out.written(id, result.version())), MediaType.APPLICATION_JSON_TYPE)
                    .tag(Representations.etag(result.version())).build();
        });
    }

    private SavedVersion savedVersion(String id, String numberParam) {
        long number;
        try {
            number = Long.parseLong(numberParam);
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1) {
            throw new ApiException(ApiError.INVALID_MESSAGE,
                    "a saved version number is an integer from 1, got \"" + numberParam + "\"");
        }
        requireExists(id);
        long n = number;
        return store.savedVersion(id, number).orElseThrow(() -> new ApiException(ApiError.NOT_FOUND,
                "document " + id + " has no saved version " + n));
    }

    private void requireExists(String id) {
        if (store.snapshotAtOrBefore(id, 0).isEmpty()) {
            throw DocumentReads.notFound(id);
        }
    }

    private ObjectNode json(SavedVersion s) {
        ObjectNode node = out.mapper().createObjectNode().put("id", s.documentId()).put("number", s.number())
                .put("version", s.documentVersion()).put("title", s.title()).put("trigger", s.trigger().wire())
                .put("savedBy", s.savedBy()).put("savedAt", s.savedAt().toString());
        if (s.label() != null) {
            node.put("label", s.label());
        }
        return node;
    }

    private <T> CompletableFuture<T> confirmed(CompletableFuture<T> reply) {
        return HubReplies.within(reply, settings.writeTimeout(), "the save was not confirmed within "
                + settings.writeTimeout().toSeconds() + " s; it may still be committed: list the saves before"
                + " retrying", "save failed");
    }
}
